package dev.deckhand.descriptors;

/**
 * Seed 004's routes and the stored documents, for the functions' RBAC recording: store, deploy, read, redeploy
 * changed (PVC resize, Deployment and Service replaced), redeploy unchanged, delete with the document.
 */
final class DeploymentsScenario {

    private static final String YAML = "containers:\\n  - name: nginx\\n    image: nginx:latest\\n    ports:\\n      - name: default\\n"
            + "        port: 80\\n    volumeMounts:\\n      - name: mydata\\n        mountPath: /mydata\\nvolumes:\\n  - name: mydata\\n"
            + "    size: 1Gi\\n";
    private static final String ID = "rbac-demo";
    private static final String BASE = "/kubernetes/services/";

    private DeploymentsScenario() {
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void run(Http http) {
        String document = "{\"name\":\"demo\",\"deployment\":\"" + YAML + "\",\"exposed_service\":\"nginx\",\"exposed_port\":80}";
        http.expect(200, "PUT", BASE + "{id}/document", BASE + ID + "/document", document);
        http.expect(200, "GET", BASE + "{id}/document", BASE + ID + "/document", null);
        http.expect(200, "PUT", BASE + "{id}/deploy", BASE + ID + "/deploy", null);
        http.expect(200, "GET", "/kubernetes/services", null);
        // Status until the Deployment has a pod, so the pods' events are read too.
        for (int i = 0; i < 50 && !http.expect(200, "GET", BASE + "{id}", BASE + ID, null).contains("\"pods\":[{"); i++) {
            sleep();
        }
        String changed = document.replace("nginx:latest", "nginx:1.27").replace("1Gi", "2Gi").replace("\"demo\"", "\"demo 2\"");
        http.expect(200, "PUT", BASE + "{id}", BASE + ID, changed);
        http.expect(200, "PUT", BASE + "{id}/deploy", BASE + ID + "/deploy", null);
        http.expect(200, "PUT", BASE + "{id}/deploy", BASE + ID + "/deploy", null);
        http.expect(200, "DELETE", BASE + "{id}", BASE + ID + "?document=true", null);
        http.expect(404, "DELETE", BASE + "{id}", BASE + ID, null);
    }
}
