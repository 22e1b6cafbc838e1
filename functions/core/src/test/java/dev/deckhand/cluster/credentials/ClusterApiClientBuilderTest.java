package dev.deckhand.cluster.credentials;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The API client made with TLS set up once, against a real TLS server: it trusts the kubeconfig's certificate
 * authority and nothing else, sends the token, answers as ClientBuilder.build()'s client does, and an http:// API
 * server is reached without TLS.
 */
class ClusterApiClientBuilderTest {

    private static final String NODES = "{\"kind\":\"NodeList\",\"apiVersion\":\"v1\",\"metadata\":{},"
            + "\"items\":[{\"metadata\":{\"name\":\"node-1\"}}]}";

    private HttpServer server;
    private final AtomicReference<String> authorization = new AtomicReference<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void overTlsItTrustsTheClusterCertificateAuthorityOnlyAndSendsTheToken() throws Exception {
        Issued serverCertificate = issue("127.0.0.1");
        String base = startTls(serverCertificate);
        ApiClient client = new ClusterApiClientBuilder(new ClientBuilder().setBasePath(base)
                .setCertificateAuthority(pem(serverCertificate.certificate()))
                .setAuthentication(new AccessTokenAuthentication("cluster-token"))).build();

        List<V1Node> nodes = new CoreV1Api(client).listNode().execute().getItems();

        assertEquals("node-1", nodes.get(0).getMetadata().getName());
        assertEquals("Bearer cluster-token", authorization.get());
        assertArrayEquals(new X509Certificate[] {serverCertificate.certificate()}, client.getHttpClient().x509TrustManager().getAcceptedIssuers());
    }

    @Test
    void aServerSignedByAnotherAuthorityIsRefusedUnlessVerificationIsOff() throws Exception {
        String base = startTls(issue("127.0.0.1"));
        byte[] otherAuthority = pem(issue("127.0.0.1").certificate());

        ApiClient verifying = new ClusterApiClientBuilder(new ClientBuilder().setBasePath(base).setCertificateAuthority(otherAuthority)).build();
        assertThrows(Exception.class, () -> new CoreV1Api(verifying).listNode().execute());

        ApiClient notVerifying = new ClusterApiClientBuilder(new ClientBuilder().setBasePath(base)
                .setCertificateAuthority(otherAuthority).setVerifyingSsl(false)).build();
        assertEquals(1, new CoreV1Api(notVerifying).listNode().execute().getItems().size());
    }

    @Test
    void anHttpApiServerIsReachedWithoutTls() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serveNodes();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        ApiClient client = new ClusterApiClientBuilder(new ClientBuilder().setBasePath(base + "/")
                .setAuthentication(new AccessTokenAuthentication("cluster-token"))).build();

        assertEquals(1, new CoreV1Api(client).listNode().execute().getItems().size());
        assertEquals(base, client.getBasePath());
        assertEquals(new ClientBuilder().setBasePath(base).build().getJSON().getGson().toJson(new V1Node()),
                client.getJSON().getGson().toJson(new V1Node()));
    }

    private String startTls(Issued certificate) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", certificate.keys().getPrivate(), new char[0], new X509Certificate[] {certificate.certificate()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        server = https;
        serveNodes();
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    private void serveNodes() {
        server.createContext("/api/v1/nodes", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = NODES.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    record Issued(KeyPair keys, X509Certificate certificate) {
    }

    /** A self-signed certificate for an IP address, its own certificate authority (as kind's and kubeadm's are). */
    private static Issued issue(String ip) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=deckhand-test-apiserver");
        Instant now = Instant.now();
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofMinutes(1))),
                        Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic())
                        .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.iPAddress, ip)))
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        return new Issued(keys, certificate);
    }

    private static byte[] pem(X509Certificate certificate) throws IOException {
        try {
            return ("-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        }
    }
}
