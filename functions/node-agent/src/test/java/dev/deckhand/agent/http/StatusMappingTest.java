package dev.deckhand.agent.http;

import io.grpc.Status;
import io.micronaut.http.HttpStatus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusMappingTest {

    @Test
    void codesTheContractNames() {
        assertEquals(HttpStatus.BAD_REQUEST, StatusMapping.httpStatus("INVALID_ARGUMENT"));
        assertEquals(HttpStatus.NOT_FOUND, StatusMapping.httpStatus("NOT_FOUND"));
        assertEquals(HttpStatus.SERVICE_UNAVAILABLE, StatusMapping.httpStatus("UNAVAILABLE"));
    }

    @Test
    void everyOtherGrpcCodeIsBadGateway() {
        for (Status.Code code : Status.Code.values()) {
            if (code == Status.Code.INVALID_ARGUMENT || code == Status.Code.NOT_FOUND || code == Status.Code.UNAVAILABLE) {
                continue;
            }
            assertEquals(HttpStatus.BAD_GATEWAY, StatusMapping.httpStatus(code.name()), code.name());
        }
        assertEquals(HttpStatus.BAD_GATEWAY, StatusMapping.httpStatus(null));
    }
}
