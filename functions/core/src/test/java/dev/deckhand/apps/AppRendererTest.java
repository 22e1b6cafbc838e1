package dev.deckhand.apps;

import dev.deckhand.cluster.DeckhandLabels;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppRendererTest {

    private final AppSettings settings = AppSettings.defaults();
    private final AppValidation validation = new AppValidation(settings);
    private final AppRenderer renderer = new AppRenderer(settings);

    private RenderedApp render(String yaml, String exposed, Integer port) {
        return renderer.render(validation.validate("web", new ServiceDocument("My NGINX Service", yaml, exposed, port)));
    }

    @Test
    void theSeedsExampleRendersClaimDeploymentAndService() {
        RenderedApp rendered = render(AppValidationTest.SEED, "nginx", 80);
        V1PersistentVolumeClaim claim = rendered.claims().get(0);
        assertEquals("svc-web-mydata", claim.getMetadata().getName());
        assertEquals("deckhand-apps", claim.getMetadata().getNamespace());
        assertEquals("1Gi", claim.getSpec().getResources().getRequests().get("storage").toSuffixedString());
        assertEquals(List.of("ReadWriteOnce"), claim.getSpec().getAccessModes());
        assertEquals("mydata", claim.getMetadata().getLabels().get(AppRenderer.VOLUME));

        V1Deployment deployment = rendered.deployment();
        assertEquals("svc-web", deployment.getMetadata().getName());
        assertEquals("Recreate", deployment.getSpec().getStrategy().getType());
        assertEquals(AppRenderer.labels("web"), deployment.getSpec().getSelector().getMatchLabels());
        assertEquals(AppRenderer.labels("web"), deployment.getSpec().getTemplate().getMetadata().getLabels());
        V1Container nginx = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("nvidia.com/gpu", nginx.getResources().getLimits().keySet().iterator().next());
        assertTrue(nginx.getVolumeMounts().get(0).getReadOnly());
        assertEquals("svc-web-mydata", deployment.getSpec().getTemplate().getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName());
        assertFalse(nginx.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), nginx.getSecurityContext().getCapabilities().getDrop());
        assertTrue(nginx.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", deployment.getSpec().getTemplate().getSpec().getSecurityContext().getSeccompProfile().getType());
        assertFalse(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken());

        assertEquals(80, rendered.service().getSpec().getPorts().get(0).getPort());
        assertEquals("default", rendered.service().getSpec().getPorts().get(0).getName());
        assertEquals(AppRenderer.labels("web"), rendered.service().getSpec().getSelector());
        for (DesiredObject object : rendered.objects()) {
            assertEquals(16, object.hash().length());
        }
        assertEquals(List.of(ObjectKind.CLAIM, ObjectKind.DEPLOYMENT, ObjectKind.SERVICE),
                rendered.objects().stream().map(DesiredObject::kind).toList());
    }

    @Test
    void withoutMountsTheRolloutIsRollingAndWithoutExposureThereIsNoService() {
        String yaml = "containers:\n  - name: app\n    image: busybox\n";
        RenderedApp rendered = render(yaml, null, null);
        assertEquals("RollingUpdate", rendered.deployment().getSpec().getStrategy().getType());
        assertNull(rendered.service());
        assertTrue(rendered.claims().isEmpty());
        assertNull(rendered.deployment().getSpec().getTemplate().getSpec().getVolumes());
    }

    @Test
    void theSameDocumentHashesTheSameAndAChangeChangesOnlyItsObjectsHash() {
        RenderedApp a = render(AppValidationTest.SEED, "nginx", 80);
        RenderedApp b = render(AppValidationTest.SEED, "nginx", 80);
        assertEquals(a.objects().stream().map(DesiredObject::hash).toList(), b.objects().stream().map(DesiredObject::hash).toList());
        RenderedApp changed = render(AppValidationTest.SEED.replace("nginx:latest", "nginx:1.27"), "nginx", 80);
        assertEquals(a.claims().get(0).getMetadata().getAnnotations().get(DeckhandLabels.SPEC_HASH_ANNOTATION),
                changed.claims().get(0).getMetadata().getAnnotations().get(DeckhandLabels.SPEC_HASH_ANNOTATION));
        assertNotEquals(a.objects().get(1).hash(), changed.objects().get(1).hash());
        assertEquals(a.objects().get(2).hash(), changed.objects().get(2).hash());
    }
}
