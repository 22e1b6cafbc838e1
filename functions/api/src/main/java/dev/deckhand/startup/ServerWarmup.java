package dev.deckhand.startup;

import io.netty.util.internal.PlatformDependent;

/**
 * For the HTTP server only (not the Lambda handlers, which run no Netty server): Netty's platform probe
 * ({@link PlatformDependent}'s static initialiser: Unsafe, direct buffers, the cleaner) on a background thread from
 * the first line of {@code main}, instead of on the main thread when the server makes its event loops (about 6% of
 * the time to "Startup completed"). Only what no configuration changes: the buffer allocator, which Micronaut's
 * {@code netty.default.allocator.*} settings configure, is left to Netty. Off with {@code -Ddeckhand.startup.warmup=false}.
 */
public final class ServerWarmup {

    private ServerWarmup() {
    }

    public static void start() {
        if (Warmups.enabled("server")) {
            Warmups.inBackground("deckhand-warmup-server", PlatformDependent::hasUnsafe);
        }
    }
}
