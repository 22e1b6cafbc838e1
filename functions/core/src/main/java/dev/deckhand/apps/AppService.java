package dev.deckhand.apps;

import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Pod;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Seed 004: service documents, deploy, status, delete.
 *
 * <p>A deploy validates, renders and plans everything before it writes anything (a volume change the cluster cannot
 * make is refused then, see {@link DeployPlanner}), then applies the plan in order (PVCs, Deployment, Service, then
 * deletions of objects the document no longer has). When a write fails, the objects this
 * deploy created are deleted again, newest first (rollback), so a failed first deploy leaves nothing behind; objects it
 * replaced keep their new form (a retry finds them by label and converges). Should the rollback itself fail (the API
 * server went away), what is left carries the service's labels: the next deploy adopts it and delete removes it.
 */
@Singleton
public class AppService {

    private static final Logger LOG = LoggerFactory.getLogger(AppService.class);

    private final AppSettings settings;
    private final AppValidation validation;
    private final AppRenderer renderer;
    private final AppObjects objects;
    private final ServiceDocumentStore documents;
    private final AppCatalog catalog;

    public AppService(AppSettings settings, AppObjects objects, ServiceDocumentStore documents,
                             AppCatalog catalog) {
        this.settings = settings;
        this.validation = new AppValidation(settings);
        this.renderer = new AppRenderer(settings);
        this.objects = objects;
        this.documents = documents;
        this.catalog = catalog;
    }

    /** Validates and stores (creates or replaces) the document of {@code id}. */
    public ServiceDocument putDocument(String id, ServiceDocument document) {
        validation.validate(id, document);
        documents.save(id, document);
        return document;
    }

    public ServiceDocument document(String id) {
        AppIds.check(id);
        return documents.find(id).orElseThrow(() -> new AppNotFoundException("no service document " + id));
    }

    /** Where {@code deploy} reads documents from: the catalog when one is configured, else the stored documents. */
    public String documentSource() {
        return settings.catalogConfigured() ? "catalog" : "stored";
    }

    public DeployResult deploy(String id) {
        AppIds.check(id);
        Optional<ServiceDocument> document = settings.catalogConfigured() ? catalog.fetch(id) : documents.find(id);
        ServiceDocument found = document.orElseThrow(() -> new AppNotFoundException("no service document " + id
                + (settings.catalogConfigured() ? " in the service catalog" : ": PUT /kubernetes/services/" + id + "/document first")));
        ValidApp valid = validation.validate(id, found);
        RenderedApp rendered = renderer.render(valid);
        DeployPlan plan = DeployPlanner.plan(rendered.objects(), objects.list(id), objects::expandable);
        return new DeployResult(rendered, apply(id, plan));
    }

    private List<String> apply(String id, DeployPlan plan) {
        List<String> done = new ArrayList<>();
        List<DeployPlan.Action> created = new ArrayList<>();
        try {
            for (DeployPlan.Action action : plan.actions()) {
                switch (action.op()) {
                    case CREATE -> {
                        objects.create(action.desired());
                        created.add(action);
                    }
                    case REPLACE, EXPAND -> objects.replace(action.desired(), action.observed());
                    case RECREATE -> objects.recreate(action.desired(), action.observed());
                    case DELETE -> objects.delete(action.kind(), action.name());
                }
                done.add(action.describe());
            }
            return done;
        } catch (RuntimeException failure) {
            rollBack(id, created, failure);
            throw failure;
        }
    }

    private void rollBack(String id, List<DeployPlan.Action> created, RuntimeException failure) {
        for (int i = created.size() - 1; i >= 0; i--) {
            DeployPlan.Action action = created.get(i);
            try {
                objects.delete(action.kind(), action.name());
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
                LOG.warn("deploy of service {} failed and {} could not be rolled back (it carries the service's labels: the next "
                        + "deploy or delete handles it): {}", id, action.describe(), e.getMessage());
            }
        }
    }

    public AppStatus status(String id) {
        AppIds.check(id);
        V1Deployment deployment = objects.deployment(id)
                .orElseThrow(() -> new AppNotFoundException("service " + id + " is not deployed"));
        List<V1Pod> pods = objects.pods(id);
        List<String> podNames = pods.stream().map(p -> p.getMetadata().getName()).toList();
        return StatusView.of(deployment, pods, objects.claims(id), objects.podEvents(podNames));
    }

    /**
     * Every service with a stored document or a Deployment, by id, each with one line of status. Read from the cluster
     * (one LIST of documents, one of Deployments), so any instance answers the same. Documents come from the stored
     * ones even when deploys read a catalog: the catalog cannot be listed.
     */
    public List<AppSummary> list() {
        Map<String, ServiceDocument> stored = documents.all();
        Map<String, V1Deployment> deployed = new TreeMap<>();
        for (V1Deployment deployment : objects.deployments()) {
            deployed.put(deployment.getMetadata().getLabels().get(AppRenderer.SERVICE_ID), deployment);
        }
        Set<String> ids = new TreeSet<>(stored.keySet());
        ids.addAll(deployed.keySet());
        List<AppSummary> summaries = new ArrayList<>();
        for (String id : ids) {
            ServiceDocument document = stored.get(id);
            String name = document == null ? null : document.name();
            V1Deployment deployment = deployed.get(id);
            if (deployment == null) {
                summaries.add(new AppSummary(id, name, true, false, 0, 0, AppSummary.STORED));
                continue;
            }
            AppStatus status = StatusView.of(deployment, List.of(), List.of(), List.of());
            int ready = status.rollout().readyReplicas();
            String state = status.replicas() == 0 ? AppSummary.STOPPED
                    : status.rollout().complete() && ready >= status.replicas() ? AppSummary.READY : AppSummary.PROGRESSING;
            summaries.add(new AppSummary(id, name, document != null, true, ready, status.replicas(), state));
        }
        return summaries;
    }

    /** What a delete removed; {@code document} true when the stored document went too. */
    @io.micronaut.serde.annotation.Serdeable
    public record Deletion(String id, List<String> deleted, boolean document) {
    }

    /**
     * Deletes the service's Service, Deployment and PVCs (and its stored document when {@code withDocument}). Nothing to
     * delete is a {@link AppNotFoundException}: a second delete answers 404, also while a volume of the first one
     * is still Terminating (a pod still uses it): objects being deleted are not the service's any more.
     */
    public Deletion delete(String id, boolean withDocument) {
        AppIds.check(id);
        List<OwnedObject> owned = new ArrayList<>(objects.list(id).stream().filter(o -> !o.terminating()).toList());
        owned.sort((a, b) -> b.kind().compareTo(a.kind()));
        List<String> deleted = new ArrayList<>();
        for (OwnedObject object : owned) {
            objects.delete(object.kind(), object.name());
            deleted.add(object.kind().kind() + " " + object.name());
        }
        boolean document = withDocument && documents.delete(id);
        if (deleted.isEmpty() && !document) {
            throw new AppNotFoundException("service " + id + " has nothing to delete"
                    + (withDocument ? "" : " (its stored document, if any, stays unless ?document=true)"));
        }
        return new Deletion(id, deleted, document);
    }
}
