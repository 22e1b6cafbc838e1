package dev.deckhand.startup;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.layout.TTLLLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.Loader;

/**
 * The functions' logging, set up in code: logback's TTLL lines ({@code HH:mm:ss.SSS [thread] LEVEL logger - message}),
 * root at INFO. Logback's XML configurator costs 0.2-0.3 s of a cold start (an XML parser, its model processors and
 * some hundred classes) before the first line of the application runs, so the functions ship no {@code logback.xml};
 * and a pattern layout would still cost a tenth of the main thread's start (its converter registry and the parse),
 * so the layout is logback's fixed TTLL one.
 *
 * <p>Found by logback through {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}. Steps aside whenever
 * an XML configuration is there ({@code -Dlogback.configurationFile}, a {@code logback-test.xml}, or the
 * {@code logback.xml} of an application that bundles the functions, such as the sandbox).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class ConsoleLogging extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader classLoader = ConsoleLogging.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null
                || Loader.getResource("logback-test.xml", classLoader) != null
                || Loader.getResource("logback.xml", classLoader) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        TTLLLayout layout = new TTLLLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
