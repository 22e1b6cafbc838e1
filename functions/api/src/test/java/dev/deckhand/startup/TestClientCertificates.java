package dev.deckhand.startup;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Kubeconfigs whose user authenticates with a client certificate, as kind, minikube and kubeadm write them. */
final class TestClientCertificates {

    private TestClientCertificates() {
    }

    /**
     * A copy of {@code kubeconfig} whose users carry a fresh self-signed client certificate and its key
     * ({@code client-certificate-data}, {@code client-key-data}) instead of their token. The sandbox's API server does
     * not check it; what it exercises is the client loading it.
     */
    @SuppressWarnings("unchecked")
    static Path kubeconfigWithClientCertificate(Path kubeconfig) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=deckhand-test,O=system:masters");
        Instant now = Instant.now();
        X509CertificateHolder certificate;
        try {
            certificate = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE, Date.from(now.minus(Duration.ofMinutes(1))),
                    Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
        Map<String, Object> config = new Yaml().load(Files.readString(kubeconfig));
        for (Map<String, Object> user : (List<Map<String, Object>>) config.get("users")) {
            Map<String, Object> credentials = (Map<String, Object>) user.get("user");
            credentials.remove("token");
            credentials.put("client-certificate-data", base64(pem("CERTIFICATE", certificate.getEncoded())));
            credentials.put("client-key-data", base64(pem("PRIVATE KEY", keys.getPrivate().getEncoded())));
        }
        Path copy = Files.createTempFile("client-certificate", ".kubeconfig");
        Files.writeString(copy, new Yaml().dump(config));
        return copy;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
