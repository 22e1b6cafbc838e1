package dev.deckhand.cluster.credentials;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EksTokenGeneratorTest {

    private static final String ACCESS_KEY = "AKIDEXAMPLE";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-14T09:30:15Z"), ZoneOffset.UTC);
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

    private static EksToken token(String cluster) {
        return new EksTokenGenerator(CREDENTIALS, "eu-west-1", cluster, CLOCK).get();
    }

    /** The presigned URL inside a token. */
    static URI url(String token) {
        assertTrue(token.startsWith("k8s-aws-v1."), token);
        String encoded = token.substring("k8s-aws-v1.".length());
        assertFalse(encoded.contains("=") || encoded.contains("+") || encoded.contains("/"), "base64url without padding");
        return URI.create(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
    }

    static Map<String, String> query(URI url) {
        Map<String, String> parameters = new TreeMap<>();
        for (String pair : url.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            parameters.put(decode(kv[0]), decode(kv[1]));
        }
        return parameters;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Test
    void tokenIsAPresignedGetCallerIdentityUrlForTheCluster() {
        EksToken token = token("deckhand-prod");
        URI url = url(token.value());
        Map<String, String> q = query(url);

        assertEquals("https", url.getScheme());
        assertEquals("sts.eu-west-1.amazonaws.com", url.getHost());
        assertEquals("/", url.getPath());
        assertEquals("GetCallerIdentity", q.get("Action"));
        assertEquals("2011-06-15", q.get("Version"));
        assertEquals("AWS4-HMAC-SHA256", q.get("X-Amz-Algorithm"));
        assertEquals(ACCESS_KEY + "/20240514/eu-west-1/sts/aws4_request", q.get("X-Amz-Credential"));
        assertEquals("20240514T093015Z", q.get("X-Amz-Date"));
        assertEquals("60", q.get("X-Amz-Expires"));
        assertEquals("host;x-k8s-aws-id", q.get("X-Amz-SignedHeaders"));
        assertTrue(q.get("X-Amz-Signature").matches("[0-9a-f]{64}"), q.get("X-Amz-Signature"));
        assertFalse(q.containsKey("X-Amz-Security-Token"), "long-term keys have no session token");
        assertEquals(CLOCK.instant(), token.signedAt());
    }

    @Test
    void signatureIsSigV4OfTheCanonicalRequestIncludingTheClusterHeader() throws Exception {
        URI url = url(token("deckhand-prod").value());
        assertEquals(expectedSignature(url, "deckhand-prod"), query(url).get("X-Amz-Signature"));
    }

    @Test
    void sameInputsGiveTheSameTokenAndAnotherClusterAnotherSignature() {
        assertEquals(token("deckhand-prod").value(), token("deckhand-prod").value());
        String prod = query(url(token("deckhand-prod").value())).get("X-Amz-Signature");
        String staging = query(url(token("deckhand-staging").value())).get("X-Amz-Signature");
        assertNotEquals(prod, staging);
    }

    @Test
    void roleCredentialsCarryTheirSessionToken() {
        var role = StaticCredentialsProvider.create(AwsSessionCredentials.create(ACCESS_KEY, SECRET_KEY, "FwoGZXIvYXdzEXAMPLE"));
        URI url = url(new EksTokenGenerator(role, "eu-west-1", "deckhand-prod", CLOCK).get().value());
        assertEquals("FwoGZXIvYXdzEXAMPLE", query(url).get("X-Amz-Security-Token"));
    }

    @Test
    void stsHostFollowsThePartition() {
        assertEquals("sts.us-east-1.amazonaws.com", EksTokenGenerator.stsHost("us-east-1"));
        assertEquals("sts.cn-north-1.amazonaws.com.cn", EksTokenGenerator.stsHost("cn-north-1"));
    }

    /** SigV4 computed here from the AWS documentation, independently of the SDK. */
    private static String expectedSignature(URI url, String cluster) throws Exception {
        Map<String, String> q = query(url);
        q.remove("X-Amz-Signature");
        String canonicalQuery = q.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        String canonicalRequest = String.join("\n",
                "GET", "/", canonicalQuery,
                "host:" + url.getHost(), "x-k8s-aws-id:" + cluster, "",
                "host;x-k8s-aws-id",
                hex(MessageDigest.getInstance("SHA-256").digest(new byte[0])));
        String date = q.get("X-Amz-Date").substring(0, 8);
        String scope = date + "/eu-west-1/sts/aws4_request";
        String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", q.get("X-Amz-Date"), scope,
                hex(MessageDigest.getInstance("SHA-256").digest(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        byte[] key = ("AWS4" + SECRET_KEY).getBytes(StandardCharsets.UTF_8);
        for (String part : new String[] {date, "eu-west-1", "sts", "aws4_request"}) {
            key = hmac(key, part);
        }
        return hex(hmac(key, stringToSign));
    }

    private static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || "-_.~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
