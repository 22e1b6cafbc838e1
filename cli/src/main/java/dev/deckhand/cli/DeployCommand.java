package dev.deckhand.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Simplified deployments (seed 004): {@code /kubernetes/services/{id}...}. */
@Command(name = "deploy", description = "Store a service document, deploy it, read its status, delete it.",
        subcommands = {DeployCommand.ListApps.class, DeployCommand.Put.class, DeployCommand.Document.class, DeployCommand.Up.class,
                DeployCommand.Status.class, DeployCommand.Delete.class})
class DeployCommand extends ApiCommand.Group {

    static String path(String id) {
        return "/kubernetes/services/" + ApiCommand.encode(id);
    }

    @Command(name = "list", description = "Every stored or deployed service, one line each (GET /kubernetes/services).")
    static class ListApps extends ApiCommand {
        @Override
        public Integer call() {
            Api.Answer answer = api().get("/kubernetes/services");
            if (json()) {
                return printJson(answer);
            }
            if (answer.json().isEmpty()) {
                return print("no services");
            }
            Human.Table table = new Human.Table("ID", "NAME", "DOCUMENT", "DEPLOYED", "READY", "STATE");
            answer.json().forEach(app -> table.row(Human.text(app, "id"), Human.text(app, "name"),
                    app.path("document").asBoolean() ? "yes" : "no", app.path("deployed").asBoolean() ? "yes" : "no",
                    app.path("readyReplicas").asInt() + "/" + app.path("replicas").asInt(), Human.text(app, "state")));
            return print(table.render());
        }
    }

    @Command(name = "put", description = "Store (create or replace) the document (PUT /kubernetes/services/ID/document).")
    static class Put extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "service id")
        String id;

        @Option(names = {"-f", "--file"}, required = true, description = "the deployment YAML (containers, volumes)")
        Path file;

        @Option(names = "--name", required = true, description = "the service's display name")
        String name;

        @Option(names = "--expose-service", required = true, description = "the container to expose")
        String exposeService;

        @Option(names = "--expose-port", description = "its port (optional when it has exactly one)")
        Integer exposePort;

        @Override
        public Integer call() {
            String yaml;
            try {
                yaml = Files.readString(file);
            } catch (IOException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "cannot read " + file + ": " + e.getMessage());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("deployment", yaml);
            body.put("exposed_service", exposeService);
            if (exposePort != null) {
                body.put("exposed_port", exposePort);
            }
            Api.Answer answer = api().put(path(id) + "/document", body);
            return json() ? printJson(answer) : print("stored document " + id + " (" + name + ")");
        }
    }

    @Command(name = "document", description = "The stored document (GET /kubernetes/services/ID/document).")
    static class Document extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            Api.Answer answer = api().get(path(id) + "/document");
            if (json()) {
                return printJson(answer);
            }
            JsonNode doc = answer.json();
            return print("name: " + Human.text(doc, "name") + "\nexposed: " + Human.text(doc, "exposed_service") + ":"
                    + Human.text(doc, "exposed_port") + "\n---\n" + Human.text(doc, "deployment"));
        }
    }

    @Command(name = "up", description = "Create or update the service's objects (PUT /kubernetes/services/ID/deploy).")
    static class Up extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            Api.Answer answer = api().put(path(id) + "/deploy", null);
            if (json()) {
                return printJson(answer);
            }
            return print("deployed " + id + ": " + answer.header("Deckhand-Changes").orElse("none"));
        }
    }

    @Command(name = "status", description = "Pods, volumes and rollout (GET /kubernetes/services/ID).")
    static class Status extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            Api.Answer answer = api().get(path(id));
            if (json()) {
                return printJson(answer);
            }
            JsonNode status = answer.json();
            StringBuilder text = new StringBuilder();
            text.append("replicas ").append(status.path("currentReplicas").asInt()).append('/')
                    .append(status.path("replicas").asInt()).append(", rollout ")
                    .append(status.path("rollout").path("complete").asBoolean() ? "complete" : "in progress").append("\n\n");
            Human.Table pods = new Human.Table("POD", "PHASE", "CONTAINERS");
            status.path("pods").forEach(pod -> {
                StringBuilder containers = new StringBuilder();
                pod.path("containers").forEach(c -> containers.append(containers.length() == 0 ? "" : ", ")
                        .append(Human.text(c, "name")).append(' ').append(Human.text(c, "state"))
                        .append(c.path("ready").asBoolean() ? " ready" : "")
                        .append(c.hasNonNull("reason") ? " (" + Human.text(c, "reason") + ")" : ""));
                pods.row(Human.text(pod, "name"), Human.text(pod, "phase"), containers);
            });
            text.append(pods.render());
            if (!status.path("volumes").isEmpty()) {
                Human.Table volumes = new Human.Table("VOLUME", "PHASE", "CAPACITY");
                status.path("volumes").forEach(v -> volumes.row(Human.text(v, "name"), Human.text(v, "phase"), Human.text(v, "capacity")));
                text.append('\n').append(volumes.render());
            }
            return print(text.toString());
        }
    }

    @Command(name = "delete", description = "Delete the service's objects (DELETE /kubernetes/services/ID).")
    static class Delete extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--document", description = "delete the stored document too")
        boolean document;

        @Override
        public Integer call() {
            Api.Answer answer = api().delete(path(id) + (document ? "?document=true" : ""));
            if (json()) {
                return printJson(answer);
            }
            return print("deleted " + id + ": " + Human.join(answer.json().get("deleted")).replace(",", ", ")
                    + (document ? " and its document" : ""));
        }
    }
}
