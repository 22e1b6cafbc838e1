package dev.deckhand.cluster.credentials;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.credentials.Authentication;
import io.kubernetes.client.util.credentials.ClientCertificateAuthentication;
import io.kubernetes.client.util.credentials.KubeconfigAuthentication;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Field;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Makes the {@link ApiClient} from a {@link ClientBuilder}'s settings in the steps of {@link ClientBuilder#build()},
 * but sets up TLS once, for the cluster. {@code build()} starts from a plain OkHttp client whose TLS defaults read the
 * JDK's whole trust store (about 150 certificates: the largest part of making the client, and of a cold start's first
 * cluster call), only for ApiClient to replace them with the cluster's certificate authority a moment later. Here the
 * OkHttp client starts with a stand-in that trusts nothing; ApiClient then sets up the cluster's (its certificate
 * authority, or the JDK's trust store when the kubeconfig names none, or none when it turns verification off),
 * exactly as in {@code build()}; an {@code http://} API server ({@code kubectl proxy}, the sandbox) gets no TLS set-up
 * at all.
 *
 * <p>ClientBuilder keeps the certificate authority to itself: it is read from its field. A client version without
 * that field gets {@code build()} as it is.
 */
final class ClusterApiClientBuilder extends ClientBuilder {

    /** Trusts no server: what the OkHttp client starts with, until ApiClient sets the cluster's TLS up. */
    private static final X509TrustManager NOTHING_TRUSTED = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("no TLS set up yet");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("no TLS set up yet");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    /** Made when first needed: a TLS context costs a cold start about 25 ms of CPU, and an http:// server needs none. */
    private static final class NothingTrustedTls {
        static final SSLContext CONTEXT = nothingTrusted();
    }

    private final ClientBuilder settings;

    ClusterApiClientBuilder(ClientBuilder settings) {
        this.settings = settings;
        setBasePath(settings.getBasePath());
    }

    @Override
    public ApiClient build() {
        byte[] certificateAuthority;
        try {
            certificateAuthority = certificateAuthority(settings);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return settings.build();
        }
        String basePath = settings.getBasePath();
        if (basePath != null && basePath.endsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        boolean tls = basePath == null || !basePath.regionMatches(true, 0, "http://", 0, "http://".length());
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .protocols(settings.getProtocols())
                .readTimeout(settings.getReadTimeout())
                .pingInterval(settings.getPingInterval());
        if (tls) {
            // A stand-in ApiClient replaces below; OkHttp would otherwise make its defaults from the JDK's trust store.
            http.sslSocketFactory(NothingTrustedTls.CONTEXT.getSocketFactory(), NOTHING_TRUSTED);
        } else {
            http.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
        }
        ApiClient client = new ApiClient(http.build());
        if (basePath != null) {
            client.setBasePath(basePath);
        }
        boolean verifying = settings.isVerifyingSsl();
        // With a certificate authority to verify against, setting it (last, below) is the TLS set-up; without one,
        // or without verification, this is: the JDK's trust store, or none.
        if (tls && (certificateAuthority == null || !verifying)) {
            client.setVerifyingSsl(verifying);
        }
        Authentication authentication = settings.getAuthentication();
        if (authentication != null) {
            String passphrase = settings.getKeyStorePassphrase();
            if (passphrase != null && !passphrase.isEmpty() && authentication instanceof KubeconfigAuthentication kubeconfig
                    && kubeconfig.getDelegateAuthentication() instanceof ClientCertificateAuthentication certificate) {
                certificate.setPassphrase(passphrase);
            }
            authentication.provide(client);
        }
        if (tls && certificateAuthority != null) {
            // Last, as in build(): ApiClient reads the stream again at every later change of its TLS settings.
            client.setSslCaCert(new ByteArrayInputStream(certificateAuthority));
        }
        return client;
    }

    private static SSLContext nothingTrusted() {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {NOTHING_TRUSTED}, null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no TLS", e);
        }
    }

    static byte[] certificateAuthority(ClientBuilder builder) throws ReflectiveOperationException {
        Field field = ClientBuilder.class.getDeclaredField("caCertBytes");
        field.setAccessible(true);
        return (byte[]) field.get(builder);
    }
}
