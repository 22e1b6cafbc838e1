package dev.deckhand.tenantjobs;

import jakarta.inject.Singleton;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Seed 003's tenant jobs: a command run as a Job in the tenant's namespace with the tenant's PVCs mounted. Every
 * check happens before the one write (the Job's create), so a refused request writes nothing. The namespace is always
 * the tenant id's, and only namespaces labelled as that tenant's count: no request names a namespace, and a PVC name
 * is looked up in the tenant's namespace only.
 */
@Singleton
public class TenantJobService {

    public static final String SOURCE_TENANT_SERVICE = "tenant-service";
    public static final String SOURCE_STORED = "stored";
    public static final String SOURCE_DEFAULT = "default";
    private static final Pattern JOB_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final TenantNamespaces namespaces;
    private final TenantJobStore jobs;
    private final JobTemplateStore templates;
    private final TenantServiceTemplates tenantService;
    private final TenantJobSettings settings;

    public TenantJobService(TenantNamespaces namespaces, TenantJobStore jobs, JobTemplateStore templates,
                            TenantServiceTemplates tenantService, TenantJobSettings settings) {
        this.namespaces = namespaces;
        this.jobs = jobs;
        this.templates = templates;
        this.tenantService = tenantService;
        this.settings = settings;
    }

    /** Validates, renders and creates the Job; an identical request again answers the existing Job, created false. */
    public TenantJob create(TenantJobRequest request) {
        ValidJobRequest valid = TenantJobValidation.validate(request, settings);
        requireTenant(valid.tenant());
        for (int i = 0; i < valid.vols().size(); i++) {
            String pvc = valid.vols().get(i).pvc();
            if (!namespaces.claimExists(valid.namespace(), pvc)) {
                throw new TenantJobValidationException("vols[" + i + "].pvc", "tenant " + valid.tenant()
                        + " has no PersistentVolumeClaim \"" + pvc + "\" (looked up in its namespace only)");
            }
        }
        requireRoomFor(valid);
        TenantJobTemplate template = template(valid.tenant());
        var job = JobRenderer.render(template.job(), valid, settings);
        boolean created = jobs.create(job);
        Optional<TenantJobStore.ObservedJob> observed = jobs.find(valid.namespace(), valid.jobName(), valid.tenant());
        if (!created && observed.isEmpty()) {
            throw new TenantJobConflictException(valid.namespace(), valid.jobName());
        }
        TenantJob view = observed
                .map(o -> view(valid.tenant(), o, pods(jobs.pods(valid.namespace(), valid.tenant(), valid.jobName()))))
                .orElseGet(() -> new TenantJob(valid.jobName(), valid.namespace(), valid.tenant(), "Pending", null, null, null,
                        null, null, null, List.of(), null));
        return view.withCreated(created);
    }

    /** Refuses a new job while the tenant has {@code maxActiveJobs} unfinished ones; a repeated request is no new job. */
    private void requireRoomFor(ValidJobRequest request) {
        List<TenantJobStore.ObservedJob> existing = jobs.list(request.namespace(), request.tenant());
        if (existing.stream().anyMatch(j -> j.name().equals(request.jobName()))) {
            return;
        }
        long unfinished = existing.stream().filter(j -> j.completionTime() == null && j.failedReason() == null).count();
        if (unfinished >= settings.maxActiveJobs()) {
            throw new TenantJobLimitException(request.tenant(), unfinished, settings.maxActiveJobs());
        }
    }

    /** The tenant's jobs, newest first, each with its pods. */
    public List<TenantJob> list(String tenant) {
        requireTenant(TenantJobValidation.tenant(tenant));
        Map<String, List<TenantJobStore.ObservedPod>> podsByJob = jobs.pods(tenant, tenant, null).stream()
                .filter(p -> p.jobName() != null)
                .collect(Collectors.groupingBy(TenantJobStore.ObservedPod::jobName));
        return jobs.list(tenant, tenant).stream()
                .map(j -> view(tenant, j, pods(podsByJob.getOrDefault(j.name(), List.of()))))
                .sorted(Comparator.comparing((TenantJob j) -> j.createdAt() == null ? "" : j.createdAt())
                        .thenComparing(TenantJob::name).reversed())
                .toList();
    }

    /** One job with the last lines of its newest pod's log. */
    public TenantJob get(String tenant, String name) {
        TenantJobStore.ObservedJob job = find(tenant, name);
        List<TenantJobStore.ObservedPod> pods = jobs.pods(tenant, tenant, name);
        TenantJob view = view(tenant, job, pods(pods));
        Optional<TenantJobStore.ObservedPod> newest = pods.stream()
                .max(Comparator.comparing((TenantJobStore.ObservedPod p) -> p.createdAt() == null ? "" : p.createdAt())
                        .thenComparing(p -> p.pod().name()));
        if (newest.isPresent()) {
            String pod = newest.get().pod().name();
            String text = jobs.logTail(tenant, pod, job.container(), settings.logTailLines(), settings.logLimitBytes())
                    .orElse(null);
            view = view.withLog(new TenantJob.Log(pod, job.container(), settings.logTailLines(), text));
        }
        return view;
    }

    /** Deletes the Job and (propagation) its pods. */
    public TenantJob delete(String tenant, String name) {
        TenantJobStore.ObservedJob job = find(tenant, name);
        if (!jobs.delete(tenant, job.name())) {
            throw new TenantJobNotFoundException(tenant, name);
        }
        return new TenantJob(job.name(), tenant, tenant, "Deleted", null, job.createdAt(), job.startTime(),
                job.completionTime(), null, null, null, null);
    }

    /** The template the tenant's next job is rendered from. */
    public TenantJobTemplate template(String tenant) {
        if (tenantService.configured()) {
            var fromService = tenantService.template(tenant);
            if (fromService.isPresent()) {
                try {
                    return new TenantJobTemplate(tenant, SOURCE_TENANT_SERVICE, JobTemplates.fromTree(fromService.get()), null);
                } catch (TenantJobValidationException e) {
                    throw new TenantServiceException("the tenant service's template for tenant " + tenant
                            + " is not acceptable: " + e.getMessage(), false, e);
                }
            }
        }
        Optional<JobTemplateStore.StoredTemplate> stored = templates.find(tenant);
        if (stored.isPresent()) {
            // Validated again on the way out: the resource may have been edited around Deckhand.
            try {
                return new TenantJobTemplate(tenant, SOURCE_STORED, JobTemplates.parse(stored.get().manifestJson()),
                        stored.get().updatedAt());
            } catch (TenantJobValidationException e) {
                throw new IllegalStateException("the stored job template of tenant " + tenant
                        + " is not acceptable (edited around Deckhand?): " + e.getMessage(), e);
            }
        }
        return new TenantJobTemplate(tenant, SOURCE_DEFAULT, JobTemplates.builtIn(settings), null);
    }

    /** The template the tenant's next job is rendered from, for {@code GET /pods/template}. */
    public TenantJobTemplate readTemplate(String tenant) {
        requireTenant(TenantJobValidation.tenant(tenant));
        return template(tenant);
    }

    /** Validates and stores a tenant's template (YAML or JSON text of a Job). */
    public TenantJobTemplate storeTemplate(String tenant, String text) {
        requireTenant(TenantJobValidation.tenant(tenant));
        var job = JobTemplates.parse(text);
        var stored = templates.save(tenant, JobTemplates.toJson(job));
        return new TenantJobTemplate(tenant, SOURCE_STORED, job, stored.updatedAt());
    }

    private TenantJobStore.ObservedJob find(String tenant, String name) {
        requireTenant(TenantJobValidation.tenant(tenant));
        if (name == null || name.length() > 63 || !JOB_NAME.matcher(name).matches()) {
            throw new TenantJobNotFoundException(tenant, String.valueOf(name));
        }
        return jobs.find(tenant, name, tenant).orElseThrow(() -> new TenantJobNotFoundException(tenant, name));
    }

    private void requireTenant(String tenant) {
        if (!namespaces.isTenant(tenant)) {
            throw new UnknownTenantException(tenant);
        }
    }

    private static List<TenantJobPod> pods(List<TenantJobStore.ObservedPod> observed) {
        return observed.stream()
                .sorted(Comparator.comparing((TenantJobStore.ObservedPod p) -> p.createdAt() == null ? "" : p.createdAt())
                        .thenComparing(p -> p.pod().name()))
                .map(TenantJobStore.ObservedPod::pod)
                .toList();
    }

    static TenantJob view(String tenant, TenantJobStore.ObservedJob job, List<TenantJobPod> pods) {
        String status;
        String reason = null;
        String message = null;
        if (job.failedReason() != null) {
            status = "Failed";
            reason = job.failedReason();
            message = job.failedMessage();
        } else if (job.completeReason() != null) {
            status = "Succeeded";
        } else if (pods.stream().anyMatch(p -> "Running".equals(p.phase()))) {
            status = "Running";
        } else {
            status = "Pending";
        }
        return new TenantJob(job.name(), job.namespace(), tenant, status, null, job.createdAt(), job.startTime(),
                job.completionTime(), reason, message, pods, null);
    }
}
