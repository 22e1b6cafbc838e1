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

    /**
     * Micronaut's HTTP server has a Flight Recorder event for every request, whose class it loads on the first one;
     * since JDK 22 loading any event class registers it with the recorder, which then builds its metadata for all of
     * the JDK's ~200 event types: about 45 ms of CPU on the event loop, in the middle of the first request, even when
     * nothing records. With this JDK property the recorder's Java API answers that it is unavailable, so the event class loads
     * as a plain class and its events are never enabled. A recording started with the JVM
     * ({@code -XX:StartFlightRecording}) sets the recorder up before this runs and still works; to start one later
     * ({@code jcmd PID JFR.start}), start the JVM with {@code -Djfr.unsupported.vm=false}.
     */
    static final String JDK_FLIGHT_RECORDER_OFF = "jfr.unsupported.vm";

    public static void main(String[] args) {
        if (System.getProperty(NETTY_JFR_EVENTS) == null) {
            System.setProperty(NETTY_JFR_EVENTS, "false");
        }
        if (System.getProperty(JDK_FLIGHT_RECORDER_OFF) == null) {
            System.setProperty(JDK_FLIGHT_RECORDER_OFF, "true");
        }
        // No banner: eleven lines in every cold start's log (a Lambda init, a Knative pod) and time before the context.
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
