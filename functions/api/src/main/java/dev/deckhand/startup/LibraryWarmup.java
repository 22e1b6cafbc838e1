package dev.deckhand.startup;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts, as soon as an application context is being built and before any of it runs, the one-off work of the
 * Kubernetes client libraries on a background thread, so that it runs on the second core while the main thread
 * loads the context and starts the server, instead of inside the first request:
 * <ul>
 *   <li>the zip file system of the jar, through which Micronaut reads {@code application.yml};</li>
 *   <li>the official client's {@link JSON}: its static initialiser registers a type adapter factory for each of its
 *       ~1,400 models;</li>
 *   <li>Gson's reflective adapter of the node list ({@code /readyz} reads one);</li>
 *   <li>an {@link ApiClient}: OkHttp's platform and TLS defaults, which read the JDK's trust store;</li>
 *   <li>Nimbus JOSE's parsing and HMAC verification of a token, which every first call's bearer token goes
 *       through (a throwaway key; nothing is trusted by it).</li>
 * </ul>
 * Nothing here touches the network or the application's state; what the context later creates is created as it
 * would be, only faster because the classes are loaded and initialised. Once per JVM. Off with
 * {@code -Ddeckhand.startup.warmup=false}.
 */
@ContextConfigurer
public final class LibraryWarmup implements ApplicationContextConfigurer {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    @Override
    public void configure(ApplicationContextBuilder builder) {
        if (Warmups.enabled("libraries") && STARTED.compareAndSet(false, true)) {
            Warmups.inBackground("deckhand-warmup-libraries", LibraryWarmup::run);
        }
    }

    static void run() {
        openJarFileSystem();
        var gson = JSON.getGson();
        gson.fromJson("{\"items\":[]}", V1NodeList.class);
        new ApiClient();
        warmTokenChecks();
    }

    private static void warmTokenChecks() {
        try {
            byte[] key = new byte[32];
            SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("warmup").build());
            token.sign(new MACSigner(key));
            SignedJWT.parse(token.serialize()).verify(new MACVerifier(key));
        } catch (JOSEException | java.text.ParseException e) {
            // only a warm-up
        }
    }

    /**
     * Micronaut reads {@code application.yml} out of a jar through a zip file system of the whole jar, which it opens
     * on first use and keeps: for the shaded jar's ~37,000 entries 0.05-0.15 s of the main thread. Opened here first,
     * Micronaut finds it open (or waits for this thread to finish opening it) instead.
     */
    static void openJarFileSystem() {
        URL config = LibraryWarmup.class.getClassLoader().getResource("application.yml");
        if (config == null || !config.getProtocol().equals("jar")) {
            return;
        }
        try {
            FileSystems.newFileSystem(config.toURI(), Map.of(), LibraryWarmup.class.getClassLoader());
        } catch (FileSystemAlreadyExistsException alreadyOpen) {
            // Micronaut was first
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // Micronaut will open it, or report why it cannot
        }
    }
}
