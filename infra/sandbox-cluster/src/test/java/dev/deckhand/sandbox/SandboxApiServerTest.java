package dev.deckhand.sandbox;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SandboxApiServerTest {

    @Test
    void requestsAreNamedByVerbAndResource() {
        assertEquals("list nodes", SandboxApiServer.verbAndResource("GET", "/api/v1/nodes"));
        assertEquals("list nodes", SandboxApiServer.verbAndResource("GET", "/api/v1/nodes?labelSelector=a%3Db&limit=500"));
        assertEquals("get nodes", SandboxApiServer.verbAndResource("GET", "/api/v1/nodes/node-1"));
        assertEquals("patch nodes/status", SandboxApiServer.verbAndResource("PATCH", "/api/v1/nodes/node-1/status"));
        assertEquals("list pods", SandboxApiServer.verbAndResource("GET", "/api/v1/namespaces/deckhand/pods"));
        assertEquals("watch pods", SandboxApiServer.verbAndResource("GET", "/api/v1/namespaces/deckhand/pods?watch=true"));
        assertEquals("get namespaces", SandboxApiServer.verbAndResource("GET", "/api/v1/namespaces/deckhand"));
        assertEquals("list namespaces", SandboxApiServer.verbAndResource("GET", "/api/v1/namespaces"));
        assertEquals("create deployments.apps",
                SandboxApiServer.verbAndResource("POST", "/apis/apps/v1/namespaces/deckhand/deployments"));
        assertEquals("update deployments.apps/status",
                SandboxApiServer.verbAndResource("PUT", "/apis/apps/v1/namespaces/deckhand/deployments/web/status"));
        assertEquals("delete jobs.batch", SandboxApiServer.verbAndResource("DELETE", "/apis/batch/v1/namespaces/x/jobs/j"));
        assertEquals("deletecollection pods", SandboxApiServer.verbAndResource("DELETE", "/api/v1/namespaces/x/pods?labelSelector=a"));
        assertEquals("list prewarmtasks.deckhand.dev", SandboxApiServer.verbAndResource("GET", "/apis/deckhand.dev/v1/prewarmtasks"));
        assertEquals("get /version", SandboxApiServer.verbAndResource("GET", "/version"));
    }

    @Test
    void apiPathsParse() {
        SandboxApiServer.ApiPath path = SandboxApiServer.ApiPath.parse("/apis/apps/v1/namespaces/ns/deployments/web/scale");
        assertEquals("deployments.apps", path.resource());
        assertEquals("scale", path.subresource());
        assertNull(SandboxApiServer.ApiPath.parse("/apis/apps/v1"));
        assertNull(SandboxApiServer.ApiPath.parse("/healthz"));
    }
}
