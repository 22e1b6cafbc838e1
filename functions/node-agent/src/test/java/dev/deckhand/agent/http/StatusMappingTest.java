package dev.deckhand.agent.http;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusMappingTest {

    @Test
    void codesTheContractNames() {
        assertEquals(400, StatusMapping.httpStatus("INVALID_ARGUMENT"));
        assertEquals(404, StatusMapping.httpStatus("NOT_FOUND"));
        assertEquals(409, StatusMapping.httpStatus("FAILED_PRECONDITION"));
        assertEquals(503, StatusMapping.httpStatus("UNAVAILABLE"));
    }

    @Test
    void everyOtherGrpcCodeIsBadGateway() {
        Set<Status.Code> named = Set.of(Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND,
                Status.Code.FAILED_PRECONDITION, Status.Code.UNAVAILABLE);
        for (Status.Code code : Status.Code.values()) {
            if (!named.contains(code)) {
                assertEquals(502, StatusMapping.httpStatus(code.name()), code.name());
            }
        }
        assertEquals(502, StatusMapping.httpStatus(null));
    }
}
