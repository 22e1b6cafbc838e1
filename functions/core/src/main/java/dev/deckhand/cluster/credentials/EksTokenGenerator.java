package dev.deckhand.cluster.credentials;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Makes EKS bearer tokens the way {@code aws eks get-token} does: a presigned STS {@code GetCallerIdentity} URL,
 * signed with SigV4 including the header {@code x-k8s-aws-id: CLUSTER}, base64url-encoded behind
 * {@code k8s-aws-v1.}. The API server's authenticator calls that URL to learn the caller's IAM identity; the
 * signed cluster name stops a token for one cluster being replayed against another.
 */
final class EksTokenGenerator implements Supplier<EksToken> {

    private static final String PREFIX = "k8s-aws-v1.";
    private static final String CLUSTER_HEADER = "x-k8s-aws-id";
    private static final Duration URL_EXPIRY = Duration.ofSeconds(60);

    private final Supplier<AwsCredentialsProvider> credentialsSource;
    private volatile AwsCredentialsProvider credentials;
    private final String region;
    private final String clusterName;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    EksTokenGenerator(AwsCredentialsProvider credentials, String region, String clusterName, Clock clock) {
        this(() -> credentials, region, clusterName, clock);
    }

    /** @param credentialsSource asked for the credentials provider on first use, and again after {@link #renewCredentials()} */
    EksTokenGenerator(Supplier<AwsCredentialsProvider> credentialsSource, String region, String clusterName, Clock clock) {
        this.credentialsSource = credentialsSource;
        this.region = region;
        this.clusterName = clusterName;
        this.clock = clock;
    }

    @Override
    public EksToken get() {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(URI.create("https://" + stsHost(region) + "/"))
                .putRawQueryParameter("Action", "GetCallerIdentity")
                .putRawQueryParameter("Version", "2011-06-15")
                .putHeader(CLUSTER_HEADER, clusterName)
                .build();
        // One instant for the signature and for signedAt, from which the token's refresh is timed.
        Clock signingClock = Clock.fixed(clock.instant(), clock.getZone());
        SdkHttpRequest signed = signer.sign(r -> r
                        .request(request)
                        .identity(credentials().resolveCredentials())
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, URL_EXPIRY)
                        .putProperty(HttpSigner.SIGNING_CLOCK, signingClock))
                .request();
        String url = signed.getUri().toString();
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8));
        return new EksToken(token, signingClock.instant());
    }

    /**
     * Forgets the credentials provider, and with it whatever credentials it cached: after a restore from a snapshot
     * (SnapStart) they may have expired or belong to the environment the snapshot was taken in.
     */
    void renewCredentials() {
        credentials = null;
    }

    private AwsCredentialsProvider credentials() {
        AwsCredentialsProvider provider = credentials;
        if (provider == null) {
            provider = credentialsSource.get();
            credentials = provider;
        }
        return provider;
    }

    /** The regional STS endpoint; China and other partitions have their own DNS suffix. */
    static String stsHost(String region) {
        RegionMetadata metadata = Region.of(region).metadata();
        String domain = metadata == null ? "amazonaws.com" : metadata.domain();
        return "sts." + region + "." + domain;
    }
}
