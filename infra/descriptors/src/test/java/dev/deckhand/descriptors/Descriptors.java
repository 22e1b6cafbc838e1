package dev.deckhand.descriptors;

import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** The deployment descriptors: every YAML file under infra/aws, infra/knative and infra/k8s, parsed. */
final class Descriptors {

    static final List<String> DIRECTORIES = List.of("infra/aws", "infra/knative", "infra/k8s");
    static final String SAM_TEMPLATE = "infra/aws/template.yaml";

    /** One YAML document of a descriptor file. */
    record Doc(Path file, int index, Map<String, Object> body) {

        String apiVersion() {
            return Yamls.str(body.get("apiVersion"));
        }

        String kind() {
            return Yamls.str(body.get("kind"));
        }

        String name() {
            return Yamls.str(Yamls.at(body, "metadata", "name"));
        }

        String namespace() {
            return Yamls.str(Yamls.at(body, "metadata", "namespace"));
        }

        Map<String, Object> labels() {
            return Yamls.map(Yamls.at(body, "metadata", "labels"));
        }

        /** e.g. {@code infra/k8s/rbac-functions.yaml#2 Role deckhand/deckhand-functions} */
        String where() {
            return root().relativize(file) + "#" + index + " " + kind() + " "
                    + (namespace() == null ? "" : namespace() + "/") + name();
        }
    }

    private static Descriptors loaded;

    private final List<Doc> docs;

    private Descriptors(List<Doc> docs) {
        this.docs = docs;
    }

    /** All descriptors, parsed once; a file that does not parse fails with its name. */
    static synchronized Descriptors all() {
        if (loaded == null) {
            List<Doc> docs = new ArrayList<>();
            for (Path file : yamlFiles()) {
                docs.addAll(parse(file));
            }
            loaded = new Descriptors(docs);
        }
        return loaded;
    }

    /** The repository root: the directory holding infra/descriptors. */
    static Path root() {
        String configured = System.getProperty("deckhand.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("infra/descriptors/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (a directory holding infra/descriptors/pom.xml) above "
                + Path.of("").toAbsolutePath());
    }

    /** Every .yaml/.yml file under the descriptor directories, sorted. */
    static List<Path> yamlFiles() {
        List<Path> files = new ArrayList<>();
        for (String dir : DIRECTORIES) {
            Path base = root().resolve(dir);
            if (!Files.isDirectory(base)) {
                throw new AssertionError("descriptor directory " + dir + " is missing");
            }
            try (Stream<Path> walk = Files.walk(base)) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                        .sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** The documents of one file; an empty document is skipped, a document that is not a mapping fails. */
    static List<Doc> parse(Path file) {
        List<Doc> docs = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            int index = 0;
            for (Object document : CfnYaml.loader().loadAll(reader)) {
                if (document == null) {
                    index++;
                    continue;
                }
                if (!(document instanceof Map<?, ?>)) {
                    throw new AssertionError(root().relativize(file) + "#" + index + " is not a mapping: " + document);
                }
                docs.add(new Doc(file, index, Yamls.map(document)));
                index++;
            }
        } catch (YAMLException e) {
            throw new AssertionError(root().relativize(file) + " does not parse: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    List<Doc> docs() {
        return docs;
    }

    /** Documents of infra/k8s and infra/knative (Kubernetes objects and the kustomization). */
    List<Doc> kube() {
        return docs.stream().filter(d -> !d.file().startsWith(root().resolve("infra/aws"))).toList();
    }

    List<Doc> ofKind(String kind) {
        return kube().stream().filter(d -> kind.equals(d.kind())).toList();
    }

    List<Doc> ofKind(String apiVersion, String kind) {
        return kube().stream().filter(d -> kind.equals(d.kind()) && apiVersion.equals(d.apiVersion())).toList();
    }

    Doc one(String apiVersion, String kind, String name) {
        List<Doc> found = ofKind(apiVersion, kind).stream().filter(d -> Objects.equals(name, d.name())).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + apiVersion + " " + kind + " named " + name + " under "
                    + DIRECTORIES + ", found " + found.size());
        }
        return found.get(0);
    }

    Doc onlyOne(String apiVersion, String kind) {
        List<Doc> found = ofKind(apiVersion, kind);
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + apiVersion + " " + kind + " under " + DIRECTORIES + ", found "
                    + found.stream().map(Doc::where).toList());
        }
        return found.get(0);
    }

    /** The SAM template. */
    Map<String, Object> sam() {
        Path template = root().resolve(SAM_TEMPLATE);
        return docs.stream().filter(d -> d.file().equals(template)).findFirst()
                .orElseThrow(() -> new AssertionError(SAM_TEMPLATE + " is missing or empty")).body();
    }
}
