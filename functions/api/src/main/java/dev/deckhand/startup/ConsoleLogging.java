package dev.deckhand.startup;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.Loader;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Logging set up in code: the console appender of {@code logback.xml} ({@code HH:mm:ss.SSS LEVEL logger - message},
 * root at INFO) without logback's XML configurator, which costs 0.2-0.3 s of a cold start (an XML parser, its
 * model processors and some hundred classes) before the first line of the application runs.
 *
 * <p>Found by logback through {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}. It takes over only
 * when the {@code logback.xml} first on the class path is exactly the functions' own (comments and white space aside),
 * so that the XML stays the single source: a changed file, another module's file (the sandbox, which bundles these
 * classes, has its own), {@code -Dlogback.configurationFile=...} or a {@code logback-test.xml} make it step aside, and
 * logback reads the XML as usual.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class ConsoleLogging extends ContextAwareBase implements Configurator {

    /** functions/api's logback.xml without comments and white space: what this class does in code. */
    static final String SAME_AS = "<configuration><appendername=\"STDOUT\"class=\"ch.qos.logback.core.ConsoleAppender\">"
            + "<encoder><pattern>%d{HH:mm:ss.SSS}%-5level%logger{24}-%msg%n</pattern></encoder></appender>"
            + "<rootlevel=\"info\"><appender-refref=\"STDOUT\"/></root></configuration>";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader classLoader = ConsoleLogging.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null
                || Loader.getResource("logback-test.xml", classLoader) != null
                || !SAME_AS.equals(normalized(Loader.getResource("logback.xml", classLoader)))) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LineLayout layout = new LineLayout();
        layout.setContext(context);
        layout.start();

        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setCharset(StandardCharsets.UTF_8);
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

    /** The XML at {@code url} without comments and white space; null when there is none or it cannot be read. */
    static String normalized(URL url) {
        if (url == null) {
            return null;
        }
        String xml;
        try (InputStream in = url.openStream()) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        StringBuilder out = new StringBuilder(xml.length());
        for (int i = 0; i < xml.length(); i++) {
            if (xml.startsWith("<!--", i)) {
                int end = xml.indexOf("-->", i + 4);
                if (end < 0) {
                    return null;
                }
                i = end + 2;
            } else if (!Character.isWhitespace(xml.charAt(i))) {
                out.append(xml.charAt(i));
            }
        }
        return out.toString();
    }

    /** {@code %d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n} and the stack trace, as logback.xml writes it. */
    static final class LineLayout extends LayoutBase<ILoggingEvent> {

        private final TargetLengthBasedClassNameAbbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(24);
        private final ZoneId zone = ZoneId.systemDefault();

        @Override
        public String doLayout(ILoggingEvent event) {
            StringBuilder line = new StringBuilder(128);
            LocalTime time = LocalTime.ofInstant(Instant.ofEpochMilli(event.getTimeStamp()), zone);
            pad(line, time.getHour(), 2).append(':');
            pad(line, time.getMinute(), 2).append(':');
            pad(line, time.getSecond(), 2).append('.');
            pad(line, time.getNano() / 1_000_000, 3).append(' ');
            String level = event.getLevel().toString();
            line.append(level);
            for (int i = level.length(); i < 5; i++) {
                line.append(' ');
            }
            line.append(' ').append(abbreviator.abbreviate(event.getLoggerName()))
                    .append(" - ").append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                line.append(ThrowableProxyUtil.asString(thrown));
            }
            return line.toString();
        }

        private static StringBuilder pad(StringBuilder line, int value, int digits) {
            String text = Integer.toString(value);
            for (int i = text.length(); i < digits; i++) {
                line.append('0');
            }
            return line.append(text);
        }
    }
}
