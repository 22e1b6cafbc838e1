package dev.deckhand.startup;

import dev.deckhand.health.HealthController;
import dev.deckhand.nodes.KubernetesNodeDirectory;
import dev.deckhand.nodes.NodesController;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.Router;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;

/**
 * As soon as the context has started (before the HTTP server binds its port, or before a Lambda handler has
 * finished initialising), creates on a background thread the beans behind the Kubernetes routes: the API client
 * from the kubeconfig, the API groups, the node directory and the node-agent reconciler with its manifest templates,
 * the JSON reader of node lists, then the filters every request passes through (the router makes them for the first
 * request that needs them: Micronaut Security's filter alone brings its token validators, authentication fetchers
 * and rules, about 40% of a first request's time on the event loop).
 * The first request then finds them made instead of making them. They are the same singletons the request would
 * create (Micronaut locks each singleton while it is being created), built from the same configuration, and no
 * request is sent. Not in tests; off with {@code -Ddeckhand.startup.warmup=false}.
 */
@Singleton
@Requires(notEnv = Environment.TEST)
public class RouteWarmup implements ApplicationEventListener<StartupEvent> {

    static final List<Class<?>> BEANS = List.of(NodesController.class, HealthController.class);
    private static final Duration STARTING = Duration.ofSeconds(5);

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (!Warmups.enabled("routes")) {
            return;
        }
        BeanContext context = event.getSource();
        Warmups.inBackground("deckhand-warmup-routes", () -> {
            // Micronaut publishes StartupEvent just before it marks the context running: wait for that, so that a
            // context that is not running below means one that is shutting down.
            long deadline = System.nanoTime() + STARTING.toNanos();
            while (!context.isRunning() && System.nanoTime() < deadline) {
                sleepBriefly();
            }
            for (Class<?> bean : BEANS) {
                if (!context.isRunning()) {
                    return;
                }
                context.getBean(bean);
            }
            if (context.isRunning()) {
                context.getBean(KubernetesNodeDirectory.class).prepareReads();
            }
            if (context.isRunning()) {
                context.getBean(Router.class).findFilters(HttpRequest.GET("/get/nodes"));
            }
        });
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the context started", e);
        }
    }
}
