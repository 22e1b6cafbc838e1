package dev.deckhand.agents;

import dev.deckhand.agent.api.AgentPaths;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Service;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rendered agent Deployment and Service, as a node gets them. */
class AgentManifestsTest {

    /**
     * The agent's idle RSS in MiB as {@code bench/run agent} measured it with {@link AgentJvm#OPTIONS} (bench/README.md,
     * "agent"); the memory given to the container must stay within twice that.
     */
    private static final double MEASURED_IDLE_RSS_MIB = 68.4;

    private final AgentManifests manifests = new AgentManifests(new AgentSettings("deckhand", "deckhand/node-agent:0.1.0",
            "/run/containerd/containerd.sock", "http://{service}.{namespace}.svc:8090", Duration.ofSeconds(15),
            Duration.ofMinutes(5), null, "/absent"));

    private V1Container agent() {
        return podSpec().getContainers().get(0);
    }

    private V1PodSpec podSpec() {
        return manifests.deployment("node-1").getSpec().getTemplate().getSpec();
    }

    @Test
    void theServiceIsHeadlessOnTheAgentPort() {
        V1Service service = manifests.service("node-1");

        assertEquals("None", service.getSpec().getClusterIP(), "no cluster IP: nothing for kube-proxy, no address taken");
        assertEquals(1, service.getSpec().getPorts().size());
        // A headless Service does not map ports: callers reach the pod on the port they dial.
        assertEquals(AgentPaths.PORT, service.getSpec().getPorts().get(0).getPort());
        assertEquals(AgentPaths.PORT, agent().getPorts().get(0).getContainerPort());
        assertEquals(manifests.deployment("node-1").getSpec().getSelector().getMatchLabels(), service.getSpec().getSelector());
    }

    @Test
    void theJvmIsStartedWithTheMeasuredOptionsAndTheImagesClassDataArchive() {
        Map<String, String> env = agent().getEnv().stream().collect(Collectors.toMap(V1EnvVar::getName, V1EnvVar::getValue));
        String options = env.get("JAVA_TOOL_OPTIONS");

        for (String option : List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss256k",
                "-XX:SharedArchiveFile=" + AgentJvm.CLASS_DATA_ARCHIVE)) {
            assertTrue(List.of(options.split(" ")).contains(option), option + " in " + options);
        }
        assertTrue(options.matches(".*-Xmx\\d+m.*"), "a small fixed heap: " + options);
        assertTrue(List.of(options.split(" ")).containsAll(AgentJvm.OPTIONS), options);
        assertEquals(AgentJvm.MALLOC_ARENA_MAX, env.get("MALLOC_ARENA_MAX"));
        assertEquals(agent().getImage(), env.get("DECKHAND_AGENT_IMAGE"), "so that a cleanup never removes it");
    }

    @Test
    void memoryRequestAndLimitAreEqualAndWithinTwiceTheMeasuredRss() {
        Quantity request = agent().getResources().getRequests().get("memory");
        Quantity limit = agent().getResources().getLimits().get("memory");

        assertEquals(limit, request, "request = limit: the scheduler reserves what the agent may use");
        double limitMib = limit.getNumber().doubleValue() / (1024 * 1024);
        assertTrue(limitMib <= 2 * MEASURED_IDLE_RSS_MIB, "limit " + limitMib + " MiB is more than twice the measured "
                + MEASURED_IDLE_RSS_MIB + " MiB");
        assertTrue(limitMib > MEASURED_IDLE_RSS_MIB + 16, "limit " + limitMib + " MiB leaves no room above the idle RSS");
    }

    @Test
    void aWritableTmpUnderTheReadOnlyRoot() {
        assertTrue(agent().getSecurityContext().getReadOnlyRootFilesystem());
        assertTrue(agent().getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")));
        assertTrue(podSpec().getVolumes().stream().anyMatch(v -> v.getName().equals("tmp") && v.getEmptyDir() != null));
    }
}
