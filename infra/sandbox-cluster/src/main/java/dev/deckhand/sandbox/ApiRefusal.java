package dev.deckhand.sandbox;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;

/** A write the sandbox's API server refuses as a real one would, answered with the real server's Status object. */
final class ApiRefusal extends RuntimeException {

    private final transient Status status;

    private ApiRefusal(Status status) {
        super(status.getMessage(), null, false, false);
        this.status = status;
    }

    /** 422 Invalid, e.g. {@code PersistentVolumeClaim "x" is invalid: spec: Forbidden: ...}. */
    static ApiRefusal invalid(String kind, String name, String field, String detail) {
        return new ApiRefusal(new StatusBuilder().withApiVersion("v1").withKind("Status").withNewMetadata().endMetadata()
                .withStatus("Failure").withReason("Invalid").withCode(422)
                .withMessage(kind + " \"" + name + "\" is invalid: " + field + ": Forbidden: " + detail)
                .withNewDetails().withName(name).withKind(kind)
                .addNewCause().withReason("FieldValueForbidden").withMessage("Forbidden: " + detail).withField(field).endCause()
                .endDetails().build());
    }

    /** 422 Invalid for a field's value, e.g. {@code Service "x" is invalid: spec.ports[0].nodePort: Invalid value: 30080: ...}. */
    static ApiRefusal invalidValue(String kind, String name, String field, Object value, String detail) {
        String cause = "Invalid value: " + value + ": " + detail;
        return new ApiRefusal(new StatusBuilder().withApiVersion("v1").withKind("Status").withNewMetadata().endMetadata()
                .withStatus("Failure").withReason("Invalid").withCode(422)
                .withMessage(kind + " \"" + name + "\" is invalid: " + field + ": " + cause)
                .withNewDetails().withName(name).withKind(kind)
                .addNewCause().withReason("FieldValueInvalid").withMessage(cause).withField(field).endCause()
                .endDetails().build());
    }

    /** 500 InternalError, e.g. {@code Internal error occurred: failed to allocate a nodePort: range is full}. */
    static ApiRefusal internalError(String detail) {
        return new ApiRefusal(new StatusBuilder().withApiVersion("v1").withKind("Status").withNewMetadata().endMetadata()
                .withStatus("Failure").withReason("InternalError").withCode(500)
                .withMessage("Internal error occurred: " + detail)
                .withNewDetails().addNewCause().withMessage(detail).endCause().endDetails().build());
    }

    /** 403 Forbidden by an admission plugin, e.g. {@code persistentvolumeclaims "x" is forbidden: ...}. */
    static ApiRefusal forbidden(String resource, String name, String detail) {
        return new ApiRefusal(new StatusBuilder().withApiVersion("v1").withKind("Status").withNewMetadata().endMetadata()
                .withStatus("Failure").withReason("Forbidden").withCode(403)
                .withMessage(resource + " \"" + name + "\" is forbidden: " + detail)
                .withNewDetails().withName(name).withKind(resource).endDetails().build());
    }

    MockResponse response() {
        return new MockResponse().setResponseCode(status.getCode()).addHeader("Content-Type", "application/json")
                .setBody(Serialization.asJson(status));
    }
}
