package dev.deckhand.startup;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Build step: writes into a shaded jar the index of its Micronaut services that {@link ServiceIndexLoader} reads at
 * start-up, {@value ServiceIndexLoader#INDEX}. One line per implementation, {@code SERVICE-TYPE<TAB>CLASS}, from both
 * kinds of service declaration Micronaut reads: the entries {@code META-INF/micronaut/TYPE/CLASS} (bean definitions,
 * introspections, context configurers) and the lines of the files {@code META-INF/services/TYPE}.
 *
 * <pre>java -cp target/classes dev.deckhand.startup.ServiceIndexWriter target/deckhand-functions.jar</pre>
 *
 * Uses nothing but the JDK, so that it runs from the module's classes without the jar it rewrites on its class path.
 */
public final class ServiceIndexWriter {

    private static final String MICRONAUT = "META-INF/micronaut/";
    private static final String SERVICES = "META-INF/services/";

    private ServiceIndexWriter() {
    }

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]).toAbsolutePath();
        Map<String, Set<String>> services = read(jar);
        StringBuilder index = new StringBuilder();
        int implementations = 0;
        for (Map.Entry<String, Set<String>> service : services.entrySet()) {
            for (String implementation : service.getValue()) {
                index.append(service.getKey()).append('\t').append(implementation).append('\n');
                implementations++;
            }
        }
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            Path file = zip.getPath(ServiceIndexLoader.INDEX);
            Files.createDirectories(file.getParent());
            Files.writeString(file, index, StandardCharsets.UTF_8);
        }
        System.out.println("service index: " + services.size() + " service types, " + implementations + " implementations, in " + jar);
    }

    static Map<String, Set<String>> read(Path jar) throws IOException {
        Map<String, Set<String>> services = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (name.startsWith(MICRONAUT)) {
                    String rest = name.substring(MICRONAUT.length());
                    int slash = rest.indexOf('/');
                    if (slash > 0 && rest.indexOf('/', slash + 1) < 0) {
                        services.computeIfAbsent(rest.substring(0, slash), type -> new LinkedHashSet<>()).add(rest.substring(slash + 1));
                    }
                } else if (name.startsWith(SERVICES) && name.indexOf('/', SERVICES.length()) < 0) {
                    Set<String> implementations = services.computeIfAbsent(name.substring(SERVICES.length()), type -> new LinkedHashSet<>());
                    try (InputStream in = zip.getInputStream(entry)) {
                        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                            int comment = line.indexOf('#');
                            String implementation = (comment >= 0 ? line.substring(0, comment) : line).trim();
                            if (!implementation.isEmpty()) {
                                implementations.add(implementation);
                            }
                        }
                    }
                }
            }
        }
        return services;
    }
}
