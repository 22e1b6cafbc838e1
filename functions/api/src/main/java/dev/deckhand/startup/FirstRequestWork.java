package dev.deckhand.startup;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.deckhand.health.HealthController;
import dev.deckhand.nodes.KubernetesNodeDirectory;
import dev.deckhand.nodes.NodesController;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.micronaut.context.BeanContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.Router;
import okhttp3.HttpUrl;

/**
 * The one-off work of a first request, done ahead of it where that pays: before a SnapStart snapshot, which then
 * holds it ({@link SnapStartHooks}). Not at an ordinary start: done on a background thread while the context starts,
 * it made the first answer later (it competes with the main thread and the JIT for the cores, and for the context's
 * locks), on two cores and more so on one.
 */
final class FirstRequestWork {

    private FirstRequestWork() {
    }

    /**
     * The libraries': the official client's {@link JSON} (a type adapter factory for each of ~1,400 models), Gson's
     * reflective adapter of the node list, OkHttp's URL parser ({@link java.net.IDN}'s Unicode tables) and Nimbus
     * JOSE's parsing and HMAC check of a token (a throwaway key). Nothing here touches the network or the
     * application's state; the API client itself is one of the {@link #beans}.
     */
    static void libraries() {
        JSON.getGson().fromJson("{\"items\":[]}", V1NodeList.class);
        HttpUrl.get("http://localhost/");
        try {
            byte[] key = new byte[32];
            SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("warmup").build());
            token.sign(new MACSigner(key));
            SignedJWT.parse(token.serialize()).verify(new MACVerifier(key));
        } catch (JOSEException | java.text.ParseException e) {
            throw new IllegalStateException("Nimbus JOSE could not check a token it signed", e);
        }
    }

    /**
     * The context's: the beans behind the Kubernetes routes (the API client from the kubeconfig, the node directory
     * with its JSON reader of node lists, the node-agent reconciler and its templates), and the filters every
     * request passes through. The same singletons a request would create; no request is sent.
     */
    static void beans(BeanContext context) {
        context.getBean(NodesController.class);
        context.getBean(HealthController.class);
        context.getBean(KubernetesNodeDirectory.class).prepareReads();
        context.getBean(Router.class).findFilters(HttpRequest.GET("/get/nodes"));
    }
}
