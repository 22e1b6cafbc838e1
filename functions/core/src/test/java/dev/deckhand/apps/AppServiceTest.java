package dev.deckhand.apps;

import dev.deckhand.cluster.ClusterUnavailableException;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deploy's apply and rollback on plain objects: a fake cluster that can be told to fail. */
class AppServiceTest {

    /** Objects by "Kind/name" with their hash; a write of {@code failOn} fails, and after {@code downAfterFailure} every call does. */
    static final class FakeObjects implements AppObjects {
        final Map<String, String> live = new LinkedHashMap<>();
        final List<String> writes = new ArrayList<>();
        String failOn;
        boolean downAfterFailure;
        boolean down;

        private void check(String key) {
            if (down) {
                throw new ClusterUnavailableException("unreachable", null);
            }
            if (key.equals(failOn)) {
                down = downAfterFailure;
                throw new ObjectConflictException(key + " exists", null);
            }
        }

        @Override
        public List<OwnedObject> list(String id) {
            check("list");
            List<OwnedObject> owned = new ArrayList<>();
            live.forEach((key, hash) -> {
                String[] parts = key.split("/");
                owned.add(new OwnedObject(ObjectKind.valueOf(parts[0]), parts[1], hash, "1"));
            });
            return owned;
        }

        @Override
        public void create(DesiredObject object) {
            String key = object.kind() + "/" + object.name();
            check(key);
            writes.add("create " + key);
            live.put(key, object.hash());
        }

        @Override
        public void replace(DesiredObject object, OwnedObject observed) {
            String key = object.kind() + "/" + object.name();
            check(key);
            writes.add("replace " + key);
            live.put(key, object.hash());
        }

        @Override
        public void recreate(DesiredObject claim, OwnedObject observed) {
            String key = claim.kind() + "/" + claim.name();
            check(key);
            writes.add("recreate " + key);
            live.put(key, claim.hash());
        }

        @Override
        public boolean expandable(String storageClass) {
            return false;
        }

        @Override
        public void delete(ObjectKind kind, String name) {
            check("delete");
            writes.add("delete " + kind + "/" + name);
            live.remove(kind + "/" + name);
        }

        @Override
        public Optional<V1Deployment> deployment(String id) {
            return Optional.empty();
        }

        @Override
        public List<V1Deployment> deployments() {
            return List.of();
        }

        @Override
        public List<V1Pod> pods(String id) {
            return List.of();
        }

        @Override
        public List<V1PersistentVolumeClaim> claims(String id) {
            return List.of();
        }

        @Override
        public List<CoreV1Event> podEvents(List<String> podNames) {
            return List.of();
        }
    }

    static final class FakeDocuments implements ServiceDocumentStore {
        final Map<String, ServiceDocument> documents = new HashMap<>();

        @Override
        public Optional<ServiceDocument> find(String id) {
            return Optional.ofNullable(documents.get(id));
        }

        @Override
        public Map<String, ServiceDocument> all() {
            return new java.util.TreeMap<>(documents);
        }

        @Override
        public void save(String id, ServiceDocument document) {
            documents.put(id, document);
        }

        @Override
        public boolean delete(String id) {
            return documents.remove(id) != null;
        }
    }

    private final FakeObjects objects = new FakeObjects();
    private final FakeDocuments documents = new FakeDocuments();
    private final AppService service = new AppService(AppSettings.defaults(), objects, documents,
            id -> { throw new AssertionError("no catalog configured"); });

    @Test
    void aFailedFirstDeployRollsBackWhatItCreated() {
        service.putDocument("web", new ServiceDocument("web", AppValidationTest.SEED, "nginx", 80));
        objects.failOn = "SERVICE/svc-web";
        assertThrows(ObjectConflictException.class, () -> service.deploy("web"));
        assertTrue(objects.live.isEmpty(), "left: " + objects.live);
        assertEquals(List.of("create CLAIM/svc-web-mydata", "create DEPLOYMENT/svc-web",
                "delete DEPLOYMENT/svc-web", "delete CLAIM/svc-web-mydata"), objects.writes);

        objects.failOn = null;
        assertEquals(3, service.deploy("web").changes().size());
        assertEquals(List.of(), service.deploy("web").changes(), "unchanged: nothing written");
    }

    @Test
    void whenTheClusterGoesAwayMidDeployARetryConverges() {
        service.putDocument("web", new ServiceDocument("web", AppValidationTest.SEED, "nginx", 80));
        objects.failOn = "DEPLOYMENT/svc-web";
        objects.downAfterFailure = true;
        ObjectConflictException failure = assertThrows(ObjectConflictException.class, () -> service.deploy("web"));
        assertSame(ClusterUnavailableException.class, failure.getSuppressed()[0].getClass(), "the rollback could not run");
        assertEquals(List.of("CLAIM/svc-web-mydata"), List.copyOf(objects.live.keySet()), "the PVC stays, labelled");

        objects.down = false;
        objects.failOn = null;
        DeployResult retry = service.deploy("web");
        assertEquals(List.of("create Deployment svc-web", "create Service svc-web"), retry.changes(),
                "the retry adopts the PVC it finds unchanged and creates the rest");
        AppService.Deletion deletion = service.delete("web", true);
        assertEquals(3, deletion.deleted().size());
        assertTrue(objects.live.isEmpty());
        assertThrows(AppNotFoundException.class, () -> service.delete("web", true));
    }

    @Test
    void anInvalidDocumentWritesNothing() {
        assertThrows(AppValidationException.class,
                () -> service.putDocument("web", new ServiceDocument("web", AppValidationTest.SEED.replace("1Gi", "1Ti"), null, null)));
        assertTrue(documents.documents.isEmpty());
        assertThrows(AppNotFoundException.class, () -> service.deploy("web"));
        assertTrue(objects.writes.isEmpty());
    }
}
