package dev.deckhand.descriptors;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the Maven build produces, read from the poms: container images (Jib) and shaded jars. */
final class Poms {

    /** An image a module builds with Jib: {@code ${image.registry}/${jib.image.name}:${project.version}}. */
    record JibImage(String module, String image, String mainClass) {
    }

    private Poms() {
    }

    static Element read(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(pom.toFile());
            return document.getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
    }

    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    static Element child(Element parent, String... path) {
        Element current = parent;
        for (String name : path) {
            List<Element> found = children(current, name);
            if (found.isEmpty()) {
                return null;
            }
            current = found.get(0);
        }
        return current;
    }

    static String text(Element parent, String... path) {
        Element e = child(parent, path);
        return e == null ? null : e.getTextContent().trim();
    }

    static Element rootPom() {
        return read(Descriptors.root().resolve("pom.xml"));
    }

    static String projectVersion() {
        return text(rootPom(), "version");
    }

    static List<String> modules() {
        return children(child(rootPom(), "modules"), "module").stream().map(e -> e.getTextContent().trim()).toList();
    }

    /** A plugin of a module's build (not pluginManagement). */
    static Optional<Element> plugin(String module, String artifactId) {
        Element pom = read(Descriptors.root().resolve(module).resolve("pom.xml"));
        for (Element plugin : children(child(pom, "build", "plugins"), "plugin")) {
            if (artifactId.equals(text(plugin, "artifactId"))) {
                return Optional.of(plugin);
            }
        }
        return Optional.empty();
    }

    static List<JibImage> jibImages() {
        String registry = text(rootPom(), "properties", "image.registry");
        String version = projectVersion();
        List<JibImage> images = new ArrayList<>();
        for (String module : modules()) {
            Element pom = read(Descriptors.root().resolve(module).resolve("pom.xml"));
            String name = text(pom, "properties", "jib.image.name");
            Optional<Element> jib = plugin(module, "jib-maven-plugin");
            if (name != null && jib.isPresent()) {
                images.add(new JibImage(module, registry + "/" + name + ":" + version,
                        text(jib.get(), "configuration", "container", "mainClass")));
            }
        }
        return images;
    }

    /** The jars a module's shade executions write, as paths relative to the repository root. */
    static List<Path> shadedJars(String module) {
        List<Path> jars = new ArrayList<>();
        Optional<Element> shade = plugin(module, "maven-shade-plugin");
        if (shade.isEmpty()) {
            return jars;
        }
        Path target = Path.of(module, "target");
        for (Element execution : children(child(shade.get(), "executions"), "execution")) {
            String output = text(execution, "configuration", "outputFile");
            if (output != null) {
                jars.add(target.resolve(output.replace("${project.build.directory}/", "")).normalize());
            }
        }
        return jars;
    }

    static boolean exists(String module) {
        return Files.isRegularFile(Descriptors.root().resolve(module).resolve("pom.xml"));
    }
}
