package dev.deckhand.http;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * A TLS context that trusts no server, for HTTP clients that insist on one but only ever speak plain HTTP (or are
 * given their real TLS set-up later). The JDK's default context reads its whole trust store (about 150 certificates)
 * when first made: 40-60 ms of a cold start's first call, for a connection that never uses it. Any TLS handshake
 * through this one fails.
 */
public final class NothingTrustedTls {

    /** Refuses every certificate chain. */
    public static final X509TrustManager TRUST_MANAGER = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("no TLS set up");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("no TLS set up");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    private NothingTrustedTls() {
    }

    /** The context, made on first use. */
    public static SSLContext context() {
        return Holder.CONTEXT;
    }

    /** Whether a URL (or URL template) is plain HTTP, so that a client for it needs no TLS set-up. */
    public static boolean isPlainHttp(String url) {
        return url != null && url.regionMatches(true, 0, "http://", 0, "http://".length());
    }

    private static final class Holder {
        static final SSLContext CONTEXT = make();

        private static SSLContext make() {
            try {
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(null, new TrustManager[] {TRUST_MANAGER}, null);
                return tls;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM has no TLS", e);
            }
        }
    }
}
