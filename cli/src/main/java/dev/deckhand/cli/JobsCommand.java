package dev.deckhand.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tenant jobs (seed 003): {@code /pods}. */
@Command(name = "jobs", description = "Run, list, read and delete a tenant's jobs.",
        subcommands = {JobsCommand.Run.class, JobsCommand.ListJobs.class, JobsCommand.Logs.class, JobsCommand.Delete.class,
                JobsCommand.Template.class})
class JobsCommand extends ApiCommand.Group {

    static String query(String tenant) {
        return "?tenant=" + ApiCommand.encode(tenant);
    }

    @Command(name = "run", description = "Run a command with the tenant's PVCs mounted (POST /pods).")
    static class Run extends ApiCommand {
        @Option(names = "--tenant", required = true)
        String tenant;

        @Option(names = "--vol", paramLabel = "PVC:MOUNT", description = "mount a PVC of the tenant, e.g. data:/src (repeatable)")
        List<String> vols = new ArrayList<>();

        @Parameters(paramLabel = "CMD", description = "the shell command, e.g. 'cp -r /src/* /dest/'")
        String cmd;

        @Override
        public Integer call() {
            List<Map<String, String>> volumes = new ArrayList<>();
            for (String vol : vols) {
                int colon = vol.indexOf(':');
                if (colon <= 0 || colon == vol.length() - 1) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                            "--vol '" + vol + "' is not PVC:MOUNT, e.g. data:/src");
                }
                volumes.add(Map.of("pvc", vol.substring(0, colon), "mount", vol.substring(colon + 1)));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("tenant", tenant);
            body.put("cmd", cmd);
            body.put("vols", volumes);
            Api.Answer answer = api().post("/pods", body);
            if (json()) {
                return printJson(answer);
            }
            JsonNode job = answer.json();
            return print((job.path("created").asBoolean(true) ? "started job " : "job already exists: ")
                    + Human.text(job, "name") + " (" + Human.text(job, "status") + ")");
        }
    }

    @Command(name = "list", description = "The tenant's jobs, newest first (GET /pods?tenant=T).")
    static class ListJobs extends ApiCommand {
        @Option(names = "--tenant", required = true)
        String tenant;

        @Override
        public Integer call() {
            Api.Answer answer = api().get("/pods" + query(tenant));
            if (json()) {
                return printJson(answer);
            }
            Instant now = Instant.now();
            Human.Table table = new Human.Table("JOB", "STATUS", "AGE", "PODS", "EXIT");
            answer.json().forEach(job -> {
                List<String> pods = new ArrayList<>();
                List<String> exits = new ArrayList<>();
                job.path("pods").forEach(pod -> {
                    pods.add(Human.text(pod, "phase"));
                    if (pod.hasNonNull("exitCode")) {
                        exits.add(pod.get("exitCode").asText());
                    }
                });
                table.row(Human.text(job, "name"), Human.text(job, "status"), Human.age(job.get("createdAt"), now),
                        String.join(",", pods), String.join(",", exits));
            });
            return print(table.isEmpty() ? "no jobs for tenant " + tenant : table.render());
        }
    }

    @Command(name = "logs", description = "The last lines of a job's log (GET /pods?tenant=T&name=JOB).")
    static class Logs extends ApiCommand {
        @Option(names = "--tenant", required = true)
        String tenant;

        @Parameters(paramLabel = "JOB")
        String name;

        @Override
        public Integer call() {
            Api.Answer answer = api().get("/pods" + query(tenant) + "&name=" + encode(name));
            if (json()) {
                return printJson(answer);
            }
            JsonNode log = answer.json().path("log");
            if (!log.hasNonNull("text")) {
                return print("(job " + name + " is " + Human.text(answer.json(), "status") + ": no log yet)");
            }
            out().print(log.get("text").asText());
            out().flush();
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a job and its pods (DELETE /pods?tenant=T&name=JOB).")
    static class Delete extends ApiCommand {
        @Option(names = "--tenant", required = true)
        String tenant;

        @Parameters(paramLabel = "JOB")
        String name;

        @Override
        public Integer call() {
            Api.Answer answer = api().delete("/pods" + query(tenant) + "&name=" + encode(name));
            return json() ? printJson(answer) : print("deleted job " + name);
        }
    }

    @Command(name = "template", description = {"The tenant's job template (GET /pods/template?tenant=T);",
            "with --set FILE store one (PUT, a batch/v1 Job as YAML or JSON)."})
    static class Template extends ApiCommand {
        @Option(names = "--tenant", required = true)
        String tenant;

        @Option(names = "--set", paramLabel = "FILE", description = "store this template")
        Path file;

        @Override
        public Integer call() {
            Api.Answer answer;
            if (file != null) {
                String text;
                try {
                    text = Files.readString(file);
                } catch (IOException e) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "cannot read " + file + ": " + e.getMessage());
                }
                String type = text.stripLeading().startsWith("{") ? "application/json" : "application/yaml";
                answer = api().send("PUT", "/pods/template" + query(tenant), text, type);
            } else {
                answer = api().get("/pods/template" + query(tenant));
            }
            if (json()) {
                return printJson(answer);
            }
            JsonNode template = answer.json();
            return print((file != null ? "stored " : "") + "template of " + tenant + " (source "
                    + Human.text(template, "source") + ")\n" + Api.toJson(template.get("template")));
        }
    }
}
