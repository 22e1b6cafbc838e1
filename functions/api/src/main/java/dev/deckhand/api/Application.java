package dev.deckhand.api;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

@OpenAPIDefinition(info = @Info(title = "Deckhand", version = "0.1.0",
        description = "Day-two Kubernetes chores as serverless functions: nodes and images, prewarm tasks, deployments, tenant jobs, services."))
public class Application {

    /**
     * Netty's buffer allocator reports its chunks to JDK Flight Recorder, whenever the JDK has it: loading those
     * event classes makes the JDK set up its recorder's instrumentation, on the event loop during the first request
     * (5% of a cold start's first answer, interleaved runs). Off unless set: a recording of this process still has the
     * JDK's own events, not Netty's buffer ones.
     */
    static final String NETTY_JFR_EVENTS = "io.netty.jfr.enabled";

    public static void main(String[] args) {
        if (System.getProperty(NETTY_JFR_EVENTS) == null) {
            System.setProperty(NETTY_JFR_EVENTS, "false");
        }
        // No banner: eleven lines in every cold start's log (a Lambda init, a Knative pod) and time before the context.
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
