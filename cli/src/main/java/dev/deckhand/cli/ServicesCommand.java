package dev.deckhand.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Mini-Kubernetes services (seed 001): {@code /services}. */
@Command(name = "services", description = "Run images as services, read them back, remove them.",
        subcommands = {ServicesCommand.ListServices.class, ServicesCommand.Get.class, ServicesCommand.Create.class,
                ServicesCommand.Latest.class, ServicesCommand.Delete.class})
class ServicesCommand extends ApiCommand.Group {

    static Human.Table table() {
        return new Human.Table("ID", "NAME", "IMAGE", "STATUS", "REPLICAS", "PORT", "ORIGIN", "AGE");
    }

    static void row(Human.Table table, JsonNode service, Instant now) {
        table.row(Human.text(service, "id"), Human.text(service, "name"), Human.text(service, "image"),
                Human.text(service, "status"), Human.text(service, "replicas"), Human.text(service, "published_port"),
                Human.text(service, "origin"), Human.age(service.get("created"), now));
    }

    @Command(name = "list", description = "Every service, oldest first (GET /services).")
    static class ListServices extends ServiceCommand {
        @Override
        public Integer call() {
            Api.Answer answer;
            try {
                answer = api().get("/services");
            } catch (CliException e) {
                // Seed 001 answers 404 when there is no service at all: for a list that is simply empty.
                if (e.httpStatus() == 404) {
                    return json() ? print("[]") : print("no services");
                }
                throw e;
            }
            return printServices(answer);
        }
    }

    @Command(name = "get", description = "One service (GET /services/ID, or /services/name/NAME with --name).")
    static class Get extends ServiceCommand {
        @Parameters(paramLabel = "ID_OR_NAME")
        String id;

        @Option(names = "--name", description = "look the service up by its name instead of its id")
        boolean byName;

        @Override
        public Integer call() {
            return printServices(api().get("/services/" + (byName ? "name/" : "") + encode(id)));
        }
    }

    @Command(name = "create", description = "Run an image as a service (POST /services).")
    static class Create extends ServiceCommand {
        @Parameters(paramLabel = "IMAGE")
        String image;

        @Option(names = "--attach", description = "run to completion and wait for its outcome (\"detached\": false)")
        boolean attach;

        @Option(names = "--publish", arity = "0..1", fallbackValue = "true", paramLabel = "NODEPORT",
                description = "publish port 80: on a node port the cluster assigns, or on NODEPORT")
        String publish;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("image", image);
            if (attach) {
                body.put("detached", false);
            }
            if (publish != null) {
                body.put("publish", "true".equals(publish) ? (Object) Boolean.TRUE : parsePort(publish));
            }
            Api.Answer answer = api().post("/services", body);
            if (json()) {
                return printJson(answer);
            }
            JsonNode created = answer.json();
            String location = answer.header("Location").orElse("");
            String id = location.substring(location.lastIndexOf('/') + 1);
            StringBuilder text = new StringBuilder("created service " + (created.hasNonNull("id") ? Human.text(created, "id") : id));
            if (created.hasNonNull("outcome")) {
                text.append(" (").append(Human.text(created, "name")).append("): ").append(Human.text(created, "outcome"));
                if (created.hasNonNull("exit_code")) {
                    text.append(", exit code ").append(Human.text(created, "exit_code"));
                }
                if (created.hasNonNull("output") && !Human.text(created, "output").isEmpty()) {
                    text.append('\n').append(Human.text(created, "output"));
                }
            }
            return print(text.toString());
        }

        private Integer parsePort(String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--publish takes a node port number or nothing, not '" + value + "'");
            }
        }
    }

    @Command(name = "latest", description = "The newest service, or the newest of an image (GET /services/latest[/IMAGE]).")
    static class Latest extends ServiceCommand {
        @Parameters(paramLabel = "IMAGE", arity = "0..1", description = "exactly this image reference")
        String image;

        @Override
        public Integer call() {
            // The image keeps its '/' and ':' in the path (a greedy route).
            return printServices(api().get("/services/latest" + (image == null ? "" : "/" + image)));
        }
    }

    @Command(name = "delete", description = "Stop a service and remove its objects (DELETE /services/ID).")
    static class Delete extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            Api.Answer answer = api().delete("/services/" + encode(id));
            if (json()) {
                return printJson(answer);
            }
            JsonNode deleted = answer.json();
            return print("deleted service " + Human.text(deleted, "id") + " (" + Human.text(deleted, "name") + "): "
                    + Human.join(deleted.get("deleted")).replace(",", ", "));
        }
    }

    /** Shares the table printing. */
    abstract static class ServiceCommand extends ApiCommand {
        int printServices(Api.Answer answer) {
            if (json()) {
                return printJson(answer);
            }
            Human.Table table = table();
            Instant now = Instant.now();
            if (answer.json().isArray()) {
                answer.json().forEach(service -> row(table, service, now));
            } else {
                row(table, answer.json(), now);
            }
            return print(table.render());
        }
    }
}
