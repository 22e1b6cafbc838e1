package dev.deckhand.api;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

@OpenAPIDefinition(info = @Info(title = "Deckhand", version = "0.1.0",
        description = "Day-two Kubernetes chores as serverless functions: nodes and images, prewarm tasks, deployments, tenant jobs, services."))
public class Application {

    /**
     * The JDK's Flight Recorder API off unless set. Micronaut's HTTP server has an event for every request, and Netty's
     * buffer allocator for its chunks; their classes load with the first request, and since JDK 22 loading any event
     * class registers it with the recorder, which then builds its metadata for all of the JDK's ~200 event types:
     * about 45 ms of CPU on the event loop, in the middle of the first request, even when nothing records. With this
     * property the recorder's Java API answers that it is unavailable, so event classes load as plain classes and
     * their events are never enabled. A recording started with the JVM ({@code -XX:StartFlightRecording}) sets the
     * recorder up before this runs and still works, with Micronaut's and Netty's events; to start one later
     * ({@code jcmd PID JFR.start}), start the JVM with {@code -Djfr.unsupported.vm=false}.
     */
    static final String JDK_FLIGHT_RECORDER_OFF = "jfr.unsupported.vm";

    public static void main(String[] args) {
        if (System.getProperty(JDK_FLIGHT_RECORDER_OFF) == null) {
            System.setProperty(JDK_FLIGHT_RECORDER_OFF, "true");
        }
        // No banner: eleven lines in every cold start's log (a Lambda init, a Knative pod) and time before the context.
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
