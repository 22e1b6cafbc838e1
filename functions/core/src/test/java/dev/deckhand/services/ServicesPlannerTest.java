package dev.deckhand.services;

import dev.deckhand.cluster.DeckhandLabels;
import dev.deckhand.cluster.ObjectMetadata;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The services planner on plain data. */
class ServicesPlannerTest {

    static final String NOW = "2026-11-22T12:00:00Z";
    static final String EARLIER = "2026-11-01T08:00:00Z";

    static ServiceSpec spec(String image, int replicas) {
        return new ServiceSpec(image, replicas, Map.of("A", "1"), List.of(new PortMapping(80, 30080)), List.of());
    }

    /** The objects Deckhand would have written for a service. */
    static List<ObservedServiceObject> written(StoredService service) {
        List<ObservedServiceObject> objects = new ArrayList<>();
        for (ServiceObjectKind kind : ServiceObjectKind.values()) {
            objects.add(ObservedServiceObject.of(kind, new ObjectMetadata(service.name(), "apps", "1",
                    ServiceLabels.labels(service), ServiceLabels.annotations(service))));
        }
        return objects;
    }

    static StoredService compose(String name, ServiceSpec spec, String created) {
        return new StoredService(ServicesPlanner.composeId(name), name, ServiceOrigin.COMPOSE, created, true, spec);
    }

    @Test
    void missingServicesAreCreatedAndMatchingOnesLeftAlone() {
        Map<String, ServiceSpec> desired = new LinkedHashMap<>();
        desired.put("web", spec("nginx:1", 2));
        desired.put("db", spec("postgres:16", 1));
        List<ServiceAction> plan = ServicesPlanner.plan(desired, written(compose("web", spec("nginx:1", 2), EARLIER)), NOW);
        assertEquals(List.of("db: deployment created", "db: service created"), plan.stream().map(ServiceAction::describe).toList());
        ServiceAction.Create create = (ServiceAction.Create) plan.get(0);
        assertEquals(NOW, create.service().created());
        assertEquals(ServicesPlanner.composeId("db"), create.service().id());
    }

    @Test
    void driftIsDescribedAndTheCreationTimeKept() {
        List<ServiceAction> plan = ServicesPlanner.plan(Map.of("web", spec("nginx:2", 3)),
                written(compose("web", spec("nginx:1", 2), EARLIER)), NOW);
        assertEquals(List.of("web: deployment updated (image nginx:1 -> nginx:2, replicas 2 -> 3)",
                "web: service updated (image nginx:1 -> nginx:2, replicas 2 -> 3)"), plan.stream().map(ServiceAction::describe).toList());
        assertEquals(EARLIER, ((ServiceAction.Replace) plan.get(0)).service().created());
    }

    @Test
    void anObjectEditedOutsideDeckhandIsRenderedAgain() {
        List<ObservedServiceObject> observed = new ArrayList<>(written(compose("web", spec("nginx:1", 2), EARLIER)));
        ObservedServiceObject deployment = observed.get(0);
        observed.set(0, new ObservedServiceObject(deployment.kind(), "web", ServiceOrigin.COMPOSE, deployment.stored(), "edited", "2"));
        List<ServiceAction> plan = ServicesPlanner.plan(Map.of("web", spec("nginx:1", 2)), observed, NOW);
        assertEquals(List.of("web: deployment updated (spec hash differs)"), plan.stream().map(ServiceAction::describe).toList());
    }

    @Test
    void aPostedServiceIsRecreatedFromWhicheverObjectIsLeft() {
        StoredService posted = new StoredService("5b1f", "redis-5b1f0000", ServiceOrigin.API, EARLIER, true, spec("redis:7", 1));
        List<ObservedServiceObject> onlyService = written(posted).subList(1, 2);
        List<ServiceAction> plan = ServicesPlanner.plan(null, onlyService, NOW);
        assertEquals(List.of("redis-5b1f0000: deployment recreated"), plan.stream().map(ServiceAction::describe).toList());
        assertEquals(posted, ((ServiceAction.Create) plan.get(0)).service());
        assertEquals(List.of("redis-5b1f0000: service recreated"),
                ServicesPlanner.plan(Map.of(), written(posted).subList(0, 1), NOW).stream().map(ServiceAction::describe).toList());
    }

    @Test
    void composeServicesTheFileNoLongerNamesAreDeletedButOnlyWhenThereIsAFile() {
        List<ObservedServiceObject> observed = written(compose("old", spec("nginx:1", 1), EARLIER));
        assertEquals(List.of("old: deployment deleted (no longer in the compose file)", "old: service deleted (no longer in the compose file)"),
                ServicesPlanner.plan(Map.of(), observed, NOW).stream().map(ServiceAction::describe).toList());
        assertTrue(ServicesPlanner.plan(null, observed, NOW).isEmpty(), "no compose source (or an unreadable one): compose services are left alone");
    }

    @Test
    void theHashDependsOnEverythingThatRunsAndNothingElse() {
        StoredService a = compose("web", spec("nginx:1", 2), EARLIER);
        assertEquals(a.specHash(), compose("web", spec("nginx:1", 2), NOW).specHash(), "the creation time is not part of the spec");
        assertTrue(!a.specHash().equals(compose("web", new ServiceSpec("nginx:1", 2, Map.of("A", "2"), a.spec().ports(), List.of()), EARLIER).specHash()));
        assertTrue(!a.specHash().equals(compose("web", new ServiceSpec("nginx:1", 2, Map.of("A", "1"), List.of(), List.of()), EARLIER).specHash()));
        assertTrue(!a.specHash().equals(compose("web", new ServiceSpec("nginx:1", 2, Map.of("A", "1"), a.spec().ports(), List.of("x")), EARLIER).specHash()));
        assertEquals(a.specHash(), ObservedServiceObject.of(ServiceObjectKind.DEPLOYMENT, new ObjectMetadata("web", "apps", "1",
                ServiceLabels.labels(a), ServiceLabels.annotations(a))).specHash());
        assertEquals(a, ServiceLabels.fromAnnotations(ServiceLabels.annotations(a)).orElseThrow(), "the stored service reads back equal");
        assertEquals(a.specHash(), ServiceLabels.annotations(a).get(DeckhandLabels.SPEC_HASH_ANNOTATION));
    }
}
