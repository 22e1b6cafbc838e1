package dev.deckhand.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDKs installed on this machine that can run the functions as production does (Java 25 and later: the Lambda
 * runtime java25, the images' eclipse-temurin:25-jre), for the tests and benchmarks that start the shipped jar.
 */
public final class RuntimeJdks {

    /** The production runtime's feature version. */
    public static final int PRODUCTION = 25;

    private static final Path JVMS = Path.of("/usr/lib/jvm");
    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    private RuntimeJdks() {
    }

    /** The {@code java} launchers of the JDKs under /usr/lib/jvm at {@link #PRODUCTION} or later, oldest first. */
    public static List<Path> installed() throws IOException {
        if (!Files.isDirectory(JVMS)) {
            return List.of();
        }
        try (Stream<Path> homes = Files.list(JVMS)) {
            return homes.filter(home -> featureVersion(home) >= PRODUCTION && Files.isExecutable(home.resolve("bin/java")))
                    .sorted(Comparator.comparingInt(RuntimeJdks::featureVersion).thenComparing(Path::toString))
                    .map(home -> home.resolve("bin/java"))
                    .toList();
        }
    }

    private static int featureVersion(Path javaHome) {
        try {
            Matcher version = VERSION.matcher(Files.readString(javaHome.resolve("release")));
            return version.find() ? Integer.parseInt(version.group(1)) : 0;
        } catch (IOException | RuntimeException notAJdk) {
            return 0;
        }
    }
}
