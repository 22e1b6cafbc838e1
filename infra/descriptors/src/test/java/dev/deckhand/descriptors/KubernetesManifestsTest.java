package dev.deckhand.descriptors;

import dev.deckhand.agent.api.AgentPaths;
import dev.deckhand.agents.AgentManifests;
import dev.deckhand.descriptors.Descriptors.Doc;
import dev.deckhand.reconciler.ReconcilerSettings;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Volume;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** infra/k8s and infra/knative: parse, and hold together with each other and with the code. */
class KubernetesManifestsTest {

    private static final String ENFORCE = "pod-security.kubernetes.io/enforce";
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "Kustomization");

    private final Descriptors descriptors = Descriptors.all();
    private final Workloads workloads = Workloads.of(descriptors);

    @TestFactory
    Stream<DynamicTest> everyDescriptorFileParses() {
        List<Path> files = Descriptors.yamlFiles();
        assertFalse(files.isEmpty(), "no descriptor files under " + Descriptors.DIRECTORIES);
        return files.stream().map(file -> DynamicTest.dynamicTest(Descriptors.root().relativize(file).toString(),
                () -> assertFalse(Descriptors.parse(file).isEmpty(), Descriptors.root().relativize(file) + " holds no document")));
    }

    @Test
    void everyDescriptorDirectoryHoldsDescriptors() {
        for (String dir : Descriptors.DIRECTORIES) {
            assertTrue(Descriptors.yamlFiles().stream().anyMatch(f -> f.startsWith(Descriptors.root().resolve(dir))),
                    dir + " holds no YAML descriptor");
        }
    }

    @Test
    void everyKubernetesObjectHasApiVersionKindNameAndNamespaceWhereNeeded() {
        List<String> problems = new ArrayList<>();
        for (Doc doc : descriptors.kube()) {
            if (doc.apiVersion() == null || doc.kind() == null) {
                problems.add(doc.where() + ": no apiVersion or kind");
                continue;
            }
            if (doc.kind().equals("Kustomization")) {
                continue;
            }
            if (doc.name() == null) {
                problems.add(doc.where() + ": no metadata.name");
            }
            if (!CLUSTER_SCOPED.contains(doc.kind()) && doc.namespace() == null) {
                problems.add(doc.where() + ": a namespaced object without metadata.namespace (it would land in whatever namespace kubectl defaults to)");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void noWildcardInAnyRbacRule() {
        List<String> problems = new ArrayList<>();
        for (Doc role : new Rbac(descriptors).roles()) {
            if (role.body().containsKey("aggregationRule")) {
                problems.add(role.where() + ": aggregationRule (grants whatever other roles grant)");
            }
            List<Map<String, Object>> rules = Yamls.maps(role.body().get("rules"));
            if (rules.isEmpty()) {
                problems.add(role.where() + ": no rules");
            }
            for (int i = 0; i < rules.size(); i++) {
                for (String field : List.of("apiGroups", "resources", "verbs", "resourceNames", "nonResourceURLs")) {
                    for (String value : Yamls.strings(rules.get(i).get(field))) {
                        if (value.contains("*")) {
                            problems.add(role.where() + " rules[" + i + "]." + field + ": wildcard '" + value + "'");
                        }
                    }
                }
                if (Yamls.strings(rules.get(i).get("verbs")).isEmpty()) {
                    problems.add(role.where() + " rules[" + i + "]: no verbs");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void kustomizationAppliesEveryManifestButTheDaemonAlternativeAndTheTemplates() {
        Doc kustomization = descriptors.onlyOne("kustomize.config.k8s.io/v1beta1", "Kustomization");
        Path dir = kustomization.file().getParent();
        Set<String> listed = new TreeSet<>(Yamls.strings(kustomization.body().get("resources")));
        for (String resource : listed) {
            assertTrue(Files.isRegularFile(dir.resolve(resource)), "kustomization.yaml lists " + resource + ", which does not exist");
        }
        Set<String> expected = new TreeSet<>();
        for (Path file : Descriptors.yamlFiles()) {
            String name = file.getFileName().toString();
            if (file.startsWith(dir) && !name.equals("kustomization.yaml") && !name.contains(".template.")
                    && !file.equals(workloads.daemonDeployment().file())) {
                expected.add(dir.relativize(file).toString());
            }
        }
        assertEquals(expected, listed, "kustomization.yaml should apply every manifest of " + Descriptors.root().relativize(dir)
                + " except the daemon alternative (" + workloads.daemonDeployment().file().getFileName() + ") and *.template.yaml");
        assertTrue(listed.contains(workloads.cronJob().file().getFileName().toString()), "kustomization.yaml should apply the CronJob");
    }

    /** The namespace of the node agents, as every deployment of the code configures it. */
    static String agentNamespace(Workloads workloads) {
        String ns = Workloads.env(workloads.knativeService()).get("K8S_NAMESPACE");
        assertNotNull(ns, workloads.knativeService().where() + " should set K8S_NAMESPACE (deckhand.agent.namespace)");
        return ns;
    }

    @Test
    void everyWorkloadThatCallsAgentsMountsTheirTokenWhereTheCodeReadsIt() {
        String defaultFile;
        try (ApplicationContext context = Apps.context(Apps.FUNCTIONS, Map.of(), Map.of())) {
            defaultFile = context.getBean(dev.deckhand.agents.AgentSettings.class).tokenFile();
        }
        assertEquals(AgentManifests.TOKEN_DIRECTORY + "/" + AgentManifests.TOKEN_KEY, defaultFile);
        for (Doc workload : List.of(workloads.knativeService(), workloads.cronJob(), workloads.daemonDeployment())) {
            Map<String, Object> spec = Workloads.podSpec(workload);
            String volume = Yamls.maps(spec.get("volumes")).stream()
                    .filter(v -> v.get("secret") != null
                            && AgentManifests.TOKEN_SECRET.equals(Yamls.map(v.get("secret")).get("secretName")))
                    .map(v -> (String) v.get("name")).findFirst()
                    .orElseThrow(() -> new AssertionError(workload.where() + " has no volume of the Secret "
                            + AgentManifests.TOKEN_SECRET));
            boolean mounted = Yamls.maps(Workloads.container(workload).get("volumeMounts")).stream()
                    .anyMatch(m -> volume.equals(m.get("name")) && AgentManifests.TOKEN_DIRECTORY.equals(m.get("mountPath")));
            assertTrue(mounted, workload.where() + " should mount " + volume + " at " + AgentManifests.TOKEN_DIRECTORY);
        }
    }

    @Test
    void everyDeploymentOfTheCodeNamesTheSameAgentNamespace() {
        String ns = agentNamespace(workloads);
        for (Doc workload : List.of(workloads.cronJob(), workloads.daemonDeployment())) {
            assertEquals(ns, Workloads.env(workload).get("K8S_NAMESPACE"),
                    workload.where() + ": K8S_NAMESPACE (deckhand.agent.namespace) should be the functions' " + ns);
        }
    }

    @Test
    void k8sNamespaceSetsTheAgentNamespaceOfTheCode() {
        String probe = "descriptors-probe";
        for (Class<?> module : List.of(Apps.FUNCTIONS, Apps.RECONCILER)) {
            try (ApplicationContext context = Apps.context(module, Map.of("K8S_NAMESPACE", probe), Map.of())) {
                assertEquals(probe, context.getBean(dev.deckhand.agents.AgentSettings.class).namespace(),
                        module.getSimpleName() + ": the descriptors set the agents' namespace with K8S_NAMESPACE, which should set deckhand.agent.namespace");
            }
        }
    }

    private Doc namespace(String name) {
        return descriptors.ofKind("v1", "Namespace").stream().filter(d -> name.equals(d.name()))
                .filter(d -> !d.file().getFileName().toString().contains(".template."))
                .findFirst().orElseThrow(() -> new AssertionError("no Namespace " + name + " in the descriptors"));
    }

    @Test
    void agentNamespaceIsPrivilegedAndTheirOwnOnly() {
        String ns = agentNamespace(workloads);
        assertEquals("privileged", namespace(ns).labels().get(ENFORCE),
                "Namespace " + ns + " holds the node agents, which mount the runtime socket (hostPath): label it " + ENFORCE + ": privileged");
        List<String> others = new ArrayList<>();
        for (Doc workload : List.of(workloads.knativeService(), workloads.cronJob(), workloads.daemonDeployment())) {
            if (ns.equals(workload.namespace())) {
                others.add(workload.where());
            }
        }
        assertTrue(others.isEmpty(), "only the node agents should run in the privileged namespace " + ns + ", not " + others);
    }

    @Test
    void functionsAndReconcilerRunInRestrictedNamespaces() {
        for (Doc workload : List.of(workloads.knativeService(), workloads.cronJob(), workloads.daemonDeployment())) {
            assertEquals("restricted", namespace(workload.namespace()).labels().get(ENFORCE),
                    "Namespace " + workload.namespace() + " of " + workload.where() + " should be labelled " + ENFORCE + ": restricted");
        }
    }

    @Test
    void tenantNamespaceTemplateIsRestricted() {
        List<Doc> templates = descriptors.ofKind("v1", "Namespace").stream()
                .filter(d -> d.file().getFileName().toString().contains(".template.")).toList();
        assertFalse(templates.isEmpty(), "no tenant namespace template (*.template.yaml with a Namespace) in infra/k8s");
        for (Doc template : templates) {
            assertEquals("restricted", template.labels().get(ENFORCE), template.where() + " should be labelled " + ENFORCE + ": restricted");
        }
    }

    @Test
    void everyNamespacedObjectLivesInANamespaceOfTheDescriptors() {
        Set<String> defined = new TreeSet<>();
        descriptors.ofKind("v1", "Namespace").stream()
                .filter(d -> !d.file().getFileName().toString().contains(".template."))
                .forEach(d -> defined.add(d.name()));
        List<String> problems = new ArrayList<>();
        for (Doc doc : descriptors.kube()) {
            // A template (e.g. the tenant namespace's) may hold objects in the namespace it defines itself.
            boolean definedByItsTemplate = descriptors.ofKind("v1", "Namespace").stream()
                    .anyMatch(n -> n.file().equals(doc.file()) && n.name().equals(doc.namespace()));
            if (doc.namespace() != null && !defined.contains(doc.namespace()) && !definedByItsTemplate) {
                problems.add(doc.where() + " is in namespace " + doc.namespace() + ", which no Namespace descriptor creates");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Violations of the restricted Pod Security Standard (and of the read-only root file system Deckhand asks for). */
    static List<String> restrictedViolations(String where, Map<String, Object> pod) {
        List<String> v = new ArrayList<>();
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (Boolean.TRUE.equals(pod.get(host))) {
                v.add(where + ": " + host);
            }
        }
        for (Map<String, Object> volume : Yamls.maps(pod.get("volumes"))) {
            if (volume.containsKey("hostPath")) {
                v.add(where + ": hostPath volume " + volume.get("name"));
            }
        }
        Map<String, Object> podSc = Yamls.map(pod.get("securityContext"));
        List<Map<String, Object>> containers = new ArrayList<>(Yamls.maps(pod.get("containers")));
        containers.addAll(Yamls.maps(pod.get("initContainers")));
        for (Map<String, Object> c : containers) {
            String at = where + " container " + c.get("name");
            Map<String, Object> sc = Yamls.map(c.get("securityContext"));
            if (Boolean.TRUE.equals(sc.get("privileged"))) {
                v.add(at + ": privileged");
            }
            if (!Boolean.FALSE.equals(sc.get("allowPrivilegeEscalation"))) {
                v.add(at + ": securityContext.allowPrivilegeEscalation should be false");
            }
            List<String> drop = Yamls.strings(Yamls.at(sc, "capabilities", "drop"));
            if (!drop.contains("ALL")) {
                v.add(at + ": securityContext.capabilities.drop should be [ALL]");
            }
            for (String add : Yamls.strings(Yamls.at(sc, "capabilities", "add"))) {
                if (!add.equals("NET_BIND_SERVICE")) {
                    v.add(at + ": adds capability " + add);
                }
            }
            Object nonRoot = sc.containsKey("runAsNonRoot") ? sc.get("runAsNonRoot") : podSc.get("runAsNonRoot");
            if (!Boolean.TRUE.equals(nonRoot)) {
                v.add(at + ": runAsNonRoot should be true (container or pod)");
            }
            Object user = sc.containsKey("runAsUser") ? sc.get("runAsUser") : podSc.get("runAsUser");
            if (user instanceof Number n && n.longValue() == 0) {
                v.add(at + ": runAsUser 0");
            }
            Object seccomp = sc.containsKey("seccompProfile") ? Yamls.at(sc, "seccompProfile", "type") : Yamls.at(podSc, "seccompProfile", "type");
            if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
                v.add(at + ": seccompProfile.type should be RuntimeDefault (container or pod)");
            }
            if (!Boolean.TRUE.equals(sc.get("readOnlyRootFilesystem"))) {
                v.add(at + ": securityContext.readOnlyRootFilesystem should be true");
            }
            if (Yamls.at(c, "resources", "requests") == null || Yamls.at(c, "resources", "limits", "memory") == null) {
                v.add(at + ": resources.requests and a memory limit should be set");
            }
        }
        return v;
    }

    @Test
    void functionsAndReconcilerPodsMeetTheRestrictedStandard() {
        List<String> problems = new ArrayList<>();
        for (Doc workload : List.of(workloads.knativeService(), workloads.cronJob(), workloads.daemonDeployment())) {
            problems.addAll(restrictedViolations(workload.where(), Workloads.podSpec(workload)));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private V1Deployment renderedAgent(String ns) {
        try (ApplicationContext context = Apps.context(Apps.RECONCILER, Map.of("K8S_NAMESPACE", ns), Map.of())) {
            return context.getBean(AgentManifests.class).deployment("node-1");
        }
    }

    @Test
    void nodeAgentsNeedThePrivilegedNamespaceAndGetNoApiAccess() {
        String ns = agentNamespace(workloads);
        V1Deployment agent = renderedAgent(ns);
        assertEquals(ns, agent.getMetadata().getNamespace(), "the code renders agents into " + agent.getMetadata().getNamespace());
        V1PodSpec pod = agent.getSpec().getTemplate().getSpec();
        List<V1Volume> volumes = pod.getVolumes() == null ? List.of() : pod.getVolumes();
        assertTrue(volumes.stream().anyMatch(v -> v.getHostPath() != null),
                "the agent no longer mounts a hostPath: the agent namespace may not need to be privileged any more");
        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), "agent pods should not mount an API token");

        String account = pod.getServiceAccountName() == null ? "default" : pod.getServiceAccountName();
        Doc sa = descriptors.ofKind("v1", "ServiceAccount").stream()
                .filter(d -> ns.equals(d.namespace()) && account.equals(d.name())).findFirst()
                .orElseThrow(() -> new AssertionError("agents run as ServiceAccount " + ns + "/" + account
                        + ", which no descriptor defines (with automountServiceAccountToken: false)"));
        assertEquals(Boolean.FALSE, sa.body().get("automountServiceAccountToken"), sa.where() + " should set automountServiceAccountToken: false");

        List<String> bound = new ArrayList<>();
        for (Doc binding : new Rbac(descriptors).bindings()) {
            for (Rbac.Subject s : Rbac.subjects(binding)) {
                if ("ServiceAccount".equals(s.kind()) && ns.equals(s.namespace())
                        || "Group".equals(s.kind()) && s.name().equals("system:serviceaccounts:" + ns)) {
                    bound.add(binding.where() + " binds " + s);
                }
            }
        }
        assertTrue(bound.isEmpty(), "nothing in the agents' namespace needs API access: " + bound);
    }

    @Test
    void agentNetworkPolicyLetsOnlyDeckhandReachTheAgentPort() {
        String ns = agentNamespace(workloads);
        Doc policy = descriptors.ofKind("networking.k8s.io/v1", "NetworkPolicy").stream()
                .filter(d -> ns.equals(d.namespace())).findFirst()
                .orElseThrow(() -> new AssertionError("no NetworkPolicy in the agents' namespace " + ns));
        Map<String, String> agentLabels = renderedAgent(ns).getSpec().getTemplate().getMetadata().getLabels();
        Map<String, Object> selector = Yamls.map(Yamls.at(policy.body(), "spec", "podSelector", "matchLabels"));
        assertFalse(selector.isEmpty(), policy.where() + " should select the agent pods by label");
        selector.forEach((k, v) -> assertEquals(v, agentLabels.get(k),
                policy.where() + " selects " + k + "=" + v + ", which agent pods do not carry (they have " + agentLabels + ")"));
        assertTrue(Yamls.strings(Yamls.at(policy.body(), "spec", "policyTypes")).contains("Ingress"), policy.where() + " should restrict Ingress");

        List<Map<String, Object>> ingress = Yamls.maps(Yamls.at(policy.body(), "spec", "ingress"));
        assertEquals(1, ingress.size(), policy.where() + " should have one ingress rule: from Deckhand to the agent port");
        List<Integer> ports = Yamls.maps(ingress.get(0).get("ports")).stream().map(p -> ((Number) p.get("port")).intValue()).toList();
        assertEquals(List.of(AgentPaths.PORT), ports, policy.where() + " should open the agent port " + AgentPaths.PORT + " only");
        // The callers: the functions (image routes) and the reconciler, either trigger (prewarm pulls in agent mode).
        List<Doc> callers = List.of(workloads.knativeService(), workloads.cronJob(), workloads.daemonDeployment());
        List<Map<String, Object>> peers = Yamls.maps(ingress.get(0).get("from"));
        for (Map<String, Object> from : peers) {
            Map<String, Object> pods = Yamls.map(Yamls.at(from, "podSelector", "matchLabels"));
            assertFalse(pods.isEmpty(), policy.where() + " should admit Deckhand's pods only, by label");
            assertTrue(callers.stream().anyMatch(caller -> admits(from, caller)), policy.where() + " admits " + from
                    + ", which matches none of the workloads that call agents");
        }
        for (Doc caller : callers) {
            assertTrue(peers.stream().anyMatch(from -> admits(from, caller)), policy.where() + " should admit the pods of "
                    + caller.where() + " (labels " + Workloads.podLabels(caller) + "): they call the agents");
        }
    }

    private static boolean admits(Map<String, Object> from, Doc workload) {
        Map<String, Object> labels = Workloads.podLabels(workload);
        return workload.namespace().equals(Yamls.str(Yamls.at(from, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name")))
                && Yamls.map(Yamls.at(from, "podSelector", "matchLabels")).entrySet().stream()
                .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
    }

    @Test
    void cronJobRunsOnePassAtATimeInRunOnceModeWithinItsPeriod() {
        Doc cron = workloads.cronJob();
        Map<String, Object> spec = Yamls.map(cron.body().get("spec"));
        assertEquals("Forbid", spec.get("concurrencyPolicy"), cron.where() + ": concurrencyPolicy should be Forbid");
        Duration period = Durations.cronPeriod(Yamls.str(spec.get("schedule")));
        long starting = Durations.seconds(spec.get("startingDeadlineSeconds"), cron.where() + " startingDeadlineSeconds");
        assertTrue(starting > 0 && starting < period.toSeconds(),
                cron.where() + ": startingDeadlineSeconds " + starting + " should be under the period (" + period.toSeconds() + " s)");

        Map<String, Object> job = Yamls.map(Yamls.at(spec, "jobTemplate", "spec"));
        long deadline = Durations.seconds(job.get("activeDeadlineSeconds"), cron.where() + " activeDeadlineSeconds");
        assertTrue(deadline < period.toSeconds(), cron.where() + ": activeDeadlineSeconds " + deadline
                + " should be under the period (" + period.toSeconds() + " s), or a killed pass overlaps the next");
        assertNotNull(job.get("backoffLimit"), cron.where() + ": set backoffLimit (the next tick is the retry)");
        assertTrue(List.of("Never", "OnFailure").contains(Workloads.podSpec(cron).get("restartPolicy")),
                cron.where() + ": restartPolicy should be Never");

        Map<String, String> env = Workloads.env(cron);
        assertEquals("once", env.get("DECKHAND_RECONCILER_MODE"), cron.where() + ": DECKHAND_RECONCILER_MODE should be once");
        try (ApplicationContext context = Apps.context(Apps.RECONCILER, Workloads.scenarioEnv(env), Map.of())) {
            Duration budget = context.getBean(ReconcilerSettings.class).budget();
            assertTrue(budget.toSeconds() + 10 <= deadline, cron.where() + ": activeDeadlineSeconds " + deadline
                    + " should leave at least 10 s above the pass budget deckhand.reconciler.budget (" + budget.toSeconds()
                    + " s) for the JVM start, the writes in flight and the lease release, so the pass ends before Kubernetes kills it");
            assertTrue(deadline <= budget.toSeconds() + 60, cron.where() + ": activeDeadlineSeconds " + deadline
                    + " should match the pass budget (" + budget.toSeconds() + " s) within a minute");
        }
        assertImageRuns(cron, Apps.RECONCILER);
    }

    @Test
    void daemonDeploymentIsTheSameReconcilerInDaemonModeOneReplica() {
        Doc daemon = workloads.daemonDeployment();
        Doc cron = workloads.cronJob();
        assertEquals("daemon", Workloads.env(daemon).get("DECKHAND_RECONCILER_MODE"), daemon.where() + ": DECKHAND_RECONCILER_MODE should be daemon");
        assertEquals(1, ((Number) Yamls.at(daemon.body(), "spec", "replicas")).intValue(), daemon.where() + ": one replica");
        assertEquals("Recreate", Yamls.at(daemon.body(), "spec", "strategy", "type"), daemon.where() + ": strategy Recreate, so two never run at once");
        assertEquals(Workloads.serviceAccount(cron), Workloads.serviceAccount(daemon), daemon.where() + " should run as the CronJob's service account");
        assertEquals(Workloads.container(cron).get("image"), Workloads.container(daemon).get("image"), daemon.where() + " should run the CronJob's image");
        assertImageRuns(daemon, Apps.RECONCILER);
    }

    /** The workload's image is the one the build makes of {@code main}'s module, and that image runs {@code main}. */
    static void assertImageRuns(Doc workload, Class<?> main) {
        Map<String, Object> container = Workloads.container(workload);
        String image = Yamls.str(container.get("image"));
        Poms.JibImage built = Poms.jibImages().stream().filter(i -> i.image().equals(image)).findFirst()
                .orElseThrow(() -> new AssertionError(workload.where() + " runs image " + image + ", which no module builds; the build makes "
                        + Poms.jibImages().stream().map(i -> i.image() + " (" + i.module() + ")").toList()
                        + ". For " + main.getName() + " add jib-maven-plugin (mainClass " + main.getName() + ") and the property jib.image.name to its module's pom"));
        List<String> command = Yamls.strings(container.get("command"));
        List<String> args = Yamls.strings(container.get("args"));
        String runs = command.isEmpty() ? built.mainClass() : command.stream().filter(s -> s.startsWith("dev.deckhand.")).findFirst().orElse(null);
        assertEquals(main.getName(), runs, workload.where() + " should run " + main.getName() + " (image " + image + " from " + built.module()
                + ", command " + command + ", args " + args + ")");
        try {
            Method entry = Class.forName(Objects.requireNonNull(runs)).getMethod("main", String[].class);
            assertTrue(Modifier.isStatic(entry.getModifiers()), runs + ".main should be static");
        } catch (ReflectiveOperationException e) {
            fail(workload.where() + " runs " + runs + ", which has no main(String[]) on the classpath: " + e);
        }
    }

    @Test
    void workloadServiceAccountsExistAndMountTheirToken() {
        Map<String, Doc> accounts = new HashMap<>();
        descriptors.ofKind("v1", "ServiceAccount").forEach(d -> accounts.put(d.namespace() + "/" + d.name(), d));
        for (Doc workload : List.of(workloads.knativeService(), workloads.cronJob(), workloads.daemonDeployment())) {
            Rbac.Subject sa = Workloads.serviceAccount(workload);
            assertFalse(sa.name().equals("default"), workload.where() + " should name its own serviceAccountName, not run as default");
            Doc account = accounts.get(sa.namespace() + "/" + sa.name());
            assertNotNull(account, workload.where() + " runs as " + sa + ", which no descriptor defines");
            assertFalse(Boolean.FALSE.equals(account.body().get("automountServiceAccountToken"))
                            && !Boolean.TRUE.equals(Workloads.podSpec(workload).get("automountServiceAccountToken")),
                    workload.where() + " calls the API server, but " + account.where() + " mounts no token");
        }
    }
}
