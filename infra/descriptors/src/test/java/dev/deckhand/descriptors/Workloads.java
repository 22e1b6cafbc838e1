package dev.deckhand.descriptors;

import dev.deckhand.descriptors.Descriptors.Doc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The workloads of the descriptors (the Knative Service, the reconciler's CronJob and Deployment) and their pods. */
final class Workloads {

    static final String KNATIVE = "serving.knative.dev/v1";

    private final Descriptors descriptors;

    Workloads(Descriptors descriptors) {
        this.descriptors = descriptors;
    }

    static Workloads of(Descriptors descriptors) {
        return new Workloads(descriptors);
    }

    Doc knativeService() {
        return descriptors.onlyOne(KNATIVE, "Service");
    }

    Doc cronJob() {
        return descriptors.onlyOne("batch/v1", "CronJob");
    }

    Doc daemonDeployment() {
        return descriptors.onlyOne("apps/v1", "Deployment");
    }

    /** The pod spec of a workload: Knative revision template, CronJob job template, or Deployment template. */
    static Map<String, Object> podSpec(Doc workload) {
        Object spec = switch (workload.kind()) {
            case "CronJob" -> Yamls.at(workload.body(), "spec", "jobTemplate", "spec", "template", "spec");
            default -> Yamls.at(workload.body(), "spec", "template", "spec");
        };
        if (spec == null) {
            throw new AssertionError(workload.where() + " has no pod template spec");
        }
        return Yamls.map(spec);
    }

    static Map<String, Object> podLabels(Doc workload) {
        Object labels = switch (workload.kind()) {
            case "CronJob" -> Yamls.at(workload.body(), "spec", "jobTemplate", "spec", "template", "metadata", "labels");
            default -> Yamls.at(workload.body(), "spec", "template", "metadata", "labels");
        };
        return Yamls.map(labels);
    }

    /** The one container of a workload (Deckhand's workloads have exactly one). */
    static Map<String, Object> container(Doc workload) {
        List<Map<String, Object>> containers = Yamls.maps(podSpec(workload).get("containers"));
        if (containers.size() != 1) {
            throw new AssertionError(workload.where() + " should have exactly one container, has " + containers.size());
        }
        return containers.get(0);
    }

    /**
     * The container's environment: literal values, and for a value from a Secret's key a sample of what the cluster
     * hands over (other valueFrom sources are not resolvable here and fail).
     */
    static Map<String, String> env(Doc workload) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> var : Yamls.maps(container(workload).get("env"))) {
            Object secret = Yamls.at(var, "valueFrom", "secretKeyRef");
            if (secret != null) {
                env.put(Yamls.str(var.get("name")), secretSample(Yamls.str(Yamls.at(secret, "name")), Yamls.str(Yamls.at(secret, "key"))));
                continue;
            }
            if (!var.containsKey("value")) {
                throw new AssertionError(workload.where() + ": env " + var.get("name") + " has no literal value");
            }
            env.put(Yamls.str(var.get("name")), Yamls.str(var.get("value")));
        }
        return env;
    }

    /** What stands for the value of key {@code key} of the Secret {@code name}: long enough for any secret setting. */
    static String secretSample(String name, String key) {
        return "sample-of-secret-" + name + "-key-" + key + "-0123456789abcdef";
    }

    /** The service account a workload's pods run as, with the workload's namespace. */
    static Rbac.Subject serviceAccount(Doc workload) {
        String name = Yamls.str(podSpec(workload).get("serviceAccountName"));
        return Rbac.Subject.serviceAccount(workload.namespace(), name == null ? "default" : name);
    }

    /**
     * The environment the code gets in a scenario run from a workload's env: the descriptor's own variables,
     * less those that would point the code somewhere other than the sandbox or change how it runs.
     */
    static Map<String, String> scenarioEnv(Map<String, String> env) {
        Map<String, String> kept = new LinkedHashMap<>(env);
        kept.keySet().removeIf(k -> k.startsWith("DECKHAND_CLUSTER_") || k.equals("JAVA_TOOL_OPTIONS")
                || k.equals("DECKHAND_RECONCILER_MODE") || k.equals("KUBERNETES_SERVICE_HOST"));
        return kept;
    }
}
