package dev.deckhand.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deckhand.sandbox.app.SandboxMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI's entry point, in-process, against a sandbox: every command group, human and JSON output, exit codes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliTest {

    private SandboxMain.Running sandbox;

    @BeforeAll
    void startSandbox() {
        sandbox = CliSandbox.start();
    }

    @AfterAll
    void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private CliSandbox.Run deckhand(String... args) {
        String[] all = Stream.concat(Stream.of("--url", sandbox.url(), "--token", sandbox.adminToken()), Arrays.stream(args))
                .toArray(String[]::new);
        return CliSandbox.run(all);
    }

    private CliSandbox.Run ok(String... args) {
        CliSandbox.Run run = deckhand(args);
        assertEquals(0, run.exit(), () -> String.join(" ", args) + ": " + run);
        assertEquals("", run.err(), () -> String.join(" ", args) + ": " + run);
        return run;
    }

    private CliSandbox.Run refused(String... args) {
        CliSandbox.Run run = deckhand(args);
        assertEquals(1, run.exit(), () -> String.join(" ", args) + ": " + run);
        assertNoStackTrace(run);
        return run;
    }

    private static void assertNoStackTrace(CliSandbox.Run run) {
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), run::toString);
    }

    private static JsonNode json(CliSandbox.Run run) {
        JsonNode json = Api.parse(run.out());
        assertTrue(json != null, () -> "not JSON: " + run);
        return json;
    }

    @Test
    void nodesAsATableAndAsTheServersJson() {
        CliSandbox.Run human = ok("nodes");
        assertEquals(List.of("NODE", "node-1", "node-2", "node-3", "node-4", "node-5"), human.out().lines().toList());
        JsonNode nodes = json(ok("nodes", "-o", "json"));
        assertEquals(5, nodes.size());
        assertEquals("node-1", nodes.get(0).asText());
        assertTrue(ok("-o", "json", "nodes", "monitor").out().trim().startsWith("["));
        String monitor = ok("nodes", "monitor").out();
        assertTrue(monitor.equals("every node has its agent\n") || monitor.startsWith("created agents for: node-"), monitor);
    }

    @Test
    void imagesPulledListedWithSizesAndDeleted() {
        assertEquals("pulled alpine:3.20 on node-3\n", ok("images", "pull", "--node", "node-3", "alpine:3.20").out());
        String table = ok("images", "list", "--node", "node-3").out();
        assertTrue(table.startsWith("IMAGE "), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("docker\\.io/library/alpine\\s+3\\.20\\s+\\d+\\.\\d (MB|GB)")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("\\d+ images on node-3, \\d+\\.\\d (MB|GB)")), table);
        JsonNode images = json(ok("images", "list", "--node", "node-3", "-o", "json"));
        assertTrue(images.isArray() && images.get(0).has("imageSize"), images::toString);

        assertEquals("deleted alpine:3.20 from node-3\n", ok("images", "delete", "--node", "node-3", "alpine:3.20").out());
        assertFalse(ok("images", "list", "--node", "node-3").out().contains("alpine"));

        CliSandbox.Run failed = refused("images", "pull", "--node", "node-3", "fail.invalid/app:1");
        assertTrue(failed.err().startsWith("deckhand: POST /pull: 502 ") && failed.err().contains("fail.invalid"), failed::toString);
        CliSandbox.Run unknownNode = refused("images", "list", "--node", "node-99");
        assertTrue(unknownNode.err().contains("404"), unknownNode::toString);
    }

    @Test
    void prewarmCreateWaitGetListAndCancel() {
        CliSandbox.Run done = ok("prewarm", "create", "--images", "redis:7,busybox:1.36", "--batch-size", "2",
                "--selector", "kubernetes.io/os=linux", "--wait", "--interval", "100ms");
        List<String> lines = done.out().lines().toList();
        assertTrue(lines.get(0).matches("created task task-\\S+ \\(pending\\): redis:7,busybox:1.36, batch size 2"), done::toString);
        String taskId = lines.get(0).split(" ")[2];
        // Not a terminal: plain lines, each only when something changed.
        List<String> progress = lines.stream().filter(l -> l.startsWith(taskId + " ")).toList();
        for (int i = 1; i < progress.size(); i++) {
            assertFalse(progress.get(i).equals(progress.get(i - 1)), done::toString);
        }
        assertTrue(progress.get(progress.size() - 1).startsWith(taskId + " completed: batch 3/3, nodes 5 done, 0 failed of 5 (100%)"),
                done::toString);
        assertTrue(done.out().contains("task " + taskId + " completed after ") && done.out().contains("no node failed"), done::toString);
        assertFalse(done.out().contains("\r") || done.out().contains("\u001b["), "no terminal control when not a terminal");

        String get = ok("prewarm", "get", taskId).out();
        assertTrue(get.lines().anyMatch(l -> l.matches("status\\s+completed")), get);
        assertTrue(get.lines().anyMatch(l -> l.matches("progress\\s+100%: batch 3/3, nodes 5 done, 0 failed of 5")), get);
        assertEquals("completed", json(ok("-o", "json", "prewarm", "get", taskId)).get("status").asText());

        String list = ok("prewarm", "list", "--status", "completed").out();
        assertTrue(list.startsWith("TASK ") && list.lines().anyMatch(l -> l.matches(taskId + "\\s+completed\\s+100%\\s+5/5\\s+redis:7,busybox:1.36\\s+\\d+s")),
                list);
        assertTrue(json(ok("prewarm", "list", "-o", "json")).get("total").asInt() >= 1);

        CliSandbox.Run ended = refused("prewarm", "cancel", taskId);
        assertTrue(ended.err().startsWith("deckhand: DELETE /api/v1/tasks/" + taskId + ": 409 "), ended::toString);
        assertTrue(refused("prewarm", "get", "task-nope").err().contains("404 task 'task-nope' not found"));

        // A task that follows its selector runs until cancelled: cancel ends it, and watch reports it.
        String following = json(ok("-o", "json", "prewarm", "create", "--images", "alpine:3.20", "--follow-selector"))
                .get("taskId").asText();
        assertEquals("cancelled task " + following + "\n", ok("prewarm", "cancel", following).out());
        CliSandbox.Run watched = refused("prewarm", "watch", following, "--interval", "100ms");
        assertTrue(watched.out().contains("task " + following + " cancelled after "), watched::toString);

        // For scripts: -o json with --wait prints nothing but the task's JSON as it ended.
        CliSandbox.Run scripted = ok("-o", "json", "prewarm", "create", "--images", "nginx:1.27", "--strategy", "window",
                "--batch-size", "2", "--wait", "--interval", "100ms");
        JsonNode finalTask = json(scripted);
        assertEquals("completed", finalTask.get("status").asText(), scripted::toString);
        assertEquals("window", finalTask.get("strategy").asText(), scripted::toString);
        assertEquals(5, finalTask.get("progress").get("completedNodes").asInt());
        assertTrue(ok("prewarm", "get", finalTask.get("taskId").asText()).out().lines().anyMatch(l -> l.matches("strategy\\s+window")));
        CliSandbox.Run badStrategy = refused("prewarm", "create", "--images", "nginx:1.27", "--strategy", "rolling");
        assertTrue(badStrategy.err().contains("400") && badStrategy.err().contains("strategy must be \"batch\" or \"window\""),
                badStrategy::toString);
    }

    @Test
    void cleanupCreateWaitGetListAndCancel() {
        ok("images", "pull", "--node", "node-2", "registry.example/cli/app:1");
        ok("images", "pull", "--node", "node-2", "registry.example/cli/app:2");

        CliSandbox.Run done = ok("cleanup", "create", "--images", "registry.example/cli/", "--keep", "registry.example/cli/app:2",
                "--batch-size", "2", "--wait", "--interval", "100ms");
        List<String> lines = done.out().lines().toList();
        assertTrue(lines.get(0).matches("created cleanup cleanup-\\S+ \\(pending\\): registry.example/cli/, keeping "
                + "registry.example/cli/app:2, batch size 2, batch"), done::toString);
        String id = lines.get(0).split(" ")[2];
        List<String> progress = lines.stream().filter(l -> l.startsWith(id + " ")).toList();
        assertTrue(progress.get(progress.size() - 1).startsWith(id + " completed: batch 3/3, nodes 5 done, 0 failed of 5 (100%)"),
                done::toString);
        assertTrue(progress.get(progress.size() - 1).contains(", 1 images removed ("), done::toString);
        assertTrue(done.out().contains("cleanup " + id + " completed after ") && done.out().contains("no node failed"), done::toString);

        String get = ok("cleanup", "get", id).out();
        assertTrue(get.lines().anyMatch(l -> l.matches("status\\s+completed")), get);
        assertTrue(get.lines().anyMatch(l -> l.matches("node-2\\s+1\\s+\\S+ [kMG]B\\s+1\\s+registry.example/cli/app:1")), get);
        String images = ok("images", "list", "--node", "node-2").out();
        assertFalse(images.lines().anyMatch(l -> l.matches("registry.example/cli/app\\s+1\\s.*")), images);
        assertTrue(images.lines().anyMatch(l -> l.matches("registry.example/cli/app\\s+2\\s.*")), "keep holds: " + images);

        String list = ok("cleanup", "list", "--status", "completed").out();
        assertTrue(list.startsWith("CLEANUP ") && list.lines().anyMatch(l -> l.startsWith(id + " ") && l.contains("completed")), list);
        CliSandbox.Run ended = refused("cleanup", "cancel", id);
        assertTrue(ended.err().startsWith("deckhand: DELETE /api/v1/cleanups/" + id + ": 409 "), ended::toString);
        assertTrue(refused("cleanup", "get", "cleanup-nope").err().contains("404"));
        CliSandbox.Run unused = refused("cleanup", "create", "--unused-for", "720h");
        assertTrue(unused.err().contains("400") && unused.err().contains("no last-used time"), unused::toString);

        JsonNode dry = json(ok("-o", "json", "cleanup", "create", "--images", "registry.example/cli/app:2", "--dry-run", "--wait",
                "--interval", "100ms"));
        assertEquals("completed", dry.get("status").asText());
        assertEquals(1, dry.get("imagesRemoved").asInt());
        assertTrue(ok("images", "list", "--node", "node-2").out().lines()
                .anyMatch(l -> l.matches("registry.example/cli/app\\s+2\\s.*")), "a dry run removes nothing");
    }

    @Test
    void prewarmWatchEndsWithTheFailedNodesAndTheirReasons() {
        CliSandbox.Run run = refused("prewarm", "create", "--images", "fail.invalid/app:1", "--batch-size", "5",
                "--selector", "kubernetes.io/hostname=node-2", "--wait", "--interval", "100ms");
        assertTrue(run.out().contains(" failed after ") && run.out().contains(": 1 nodes, 0 done, 1 failed"), run::toString);
        assertTrue(run.out().lines().anyMatch(l -> l.matches("  NODE\\s+REASON\\s+MESSAGE")), run::toString);
        assertTrue(run.out().lines().anyMatch(l -> l.matches("  node-2\\s+UNKNOWN\\s+fail\\.invalid/app:1: .*no such host.*")), run::toString);
    }

    @Test
    void deployPutUpStatusDelete(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("web.yaml");
        Files.writeString(yaml, String.join("\n", "containers:", "  - name: nginx", "    image: \"nginx:latest\"",
                "    ports:", "      - name: default", "        port: 80", "    volumeMounts:", "      - name: mydata",
                "        mountPath: /mydata", "volumes:", "  - name: mydata", "    size: 1Gi", ""));
        assertEquals("stored document cliweb (My NGINX Service)\n", ok("deploy", "put", "cliweb", "-f", yaml.toString(),
                "--name", "My NGINX Service", "--expose-service", "nginx", "--expose-port", "80").out());
        assertTrue(ok("deploy", "document", "cliweb").out().contains("size: 1Gi"));
        assertEquals("deployed cliweb: create PersistentVolumeClaim svc-cliweb-mydata, create Deployment svc-cliweb, create Service svc-cliweb\n",
                ok("deploy", "up", "cliweb").out());
        assertEquals("deployed cliweb: none\n", ok("deploy", "up", "cliweb").out());

        String status = "";
        for (int i = 0; i < 50 && !status.contains("Running"); i++) {
            status = ok("deploy", "status", "cliweb").out();
            Thread.sleep(100);
        }
        assertTrue(status.startsWith("replicas 1/1"), status);
        assertTrue(status.lines().anyMatch(l -> l.matches("svc-cliweb-\\S+\\s+Running\\s+nginx running.*")), status);
        assertTrue(status.lines().anyMatch(l -> l.matches("mydata\\s+Bound\\s+1Gi")), status);
        assertEquals(1, json(ok("deploy", "status", "cliweb", "-o", "json")).get("replicas").asInt());
        String list = "";
        for (int i = 0; i < 50 && !list.contains("ready"); i++) {
            list = ok("deploy", "list").out();
            Thread.sleep(100);
        }
        assertTrue(list.startsWith("ID "), list);
        assertTrue(list.lines().anyMatch(l -> l.matches("cliweb\\s+My NGINX Service\\s+yes\\s+yes\\s+1/1\\s+ready")), list);
        JsonNode listed = json(ok("deploy", "list", "-o", "json"));
        assertTrue(listed.isArray() && listed.findValuesAsText("id").contains("cliweb"), listed::toString);

        assertEquals("deleted cliweb: Service svc-cliweb, Deployment svc-cliweb, PersistentVolumeClaim svc-cliweb-mydata and its document\n",
                ok("deploy", "delete", "cliweb", "--document").out());
        assertTrue(refused("deploy", "status", "cliweb").err().contains("404 service cliweb is not deployed"));
        assertFalse(ok("deploy", "list").out().contains("cliweb"));

        Files.writeString(yaml, "containers:\n  - name: nginx\n    image: nginx\n    colour: blue\n");
        CliSandbox.Run bad = refused("deploy", "put", "cliweb", "-f", yaml.toString(), "--name", "x", "--expose-service", "nginx");
        assertTrue(bad.err().contains("400") && bad.err().contains("colour"), bad::toString);
        assertEquals(2, deckhand("deploy", "put", "cliweb", "-f", dir.resolve("absent.yaml").toString(), "--name", "x",
                "--expose-service", "nginx").exit());
    }

    @Test
    void tenantJobsRunListLogsDelete() throws Exception {
        CliSandbox.Run started = ok("jobs", "run", "--tenant", "tenant-a", "--vol", "data:/src", "--vol", "results:/dest",
                "cp -r /src/* /dest/ # cli");
        assertTrue(started.out().matches("started job job-tenant-a-[0-9a-f]{10} \\(Pending\\)\n"), started::toString);
        String job = started.out().split(" ")[2];
        // The sandbox's simulator finishes the pod, then the job, in two writes: wait for the job's own status.
        Predicate<String> finished = l -> l.matches(job + "\\s+Succeeded\\s+\\d+s\\s+Succeeded\\s+0");
        String list = "";
        for (int i = 0; i < 50 && list.lines().noneMatch(finished); i++) {
            list = ok("jobs", "list", "--tenant", "tenant-a").out();
            Thread.sleep(100);
        }
        assertTrue(list.lines().anyMatch(finished), list);
        String logs = ok("jobs", "logs", "--tenant", "tenant-a", job).out();
        assertTrue(logs.contains("exited with code 0"), logs);
        assertEquals(job, json(ok("jobs", "logs", "--tenant", "tenant-a", job, "-o", "json")).get("name").asText());
        assertTrue(ok("jobs", "template", "--tenant", "tenant-a").out().startsWith("template of tenant-a (source "));
        assertEquals("deleted job " + job + "\n", ok("jobs", "delete", "--tenant", "tenant-a", job).out());
        assertTrue(refused("jobs", "delete", "--tenant", "tenant-a", job).err().contains("404"));

        CliSandbox.Run otherTenants = refused("jobs", "run", "--tenant", "tenant-a", "--vol", "archive:/x", "ls");
        assertTrue(otherTenants.err().contains("400 vols[0].pvc: tenant tenant-a has no PersistentVolumeClaim \"archive\""),
                otherTenants::toString);
        assertEquals(2, deckhand("jobs", "run", "--tenant", "tenant-a", "--vol", "data", "ls").exit());

        // A tenant's token reaches its own jobs only.
        String tenantToken = sandbox.tokens().get("tenant-a");
        assertEquals(0, CliSandbox.run("--url", sandbox.url(), "--token", tenantToken, "jobs", "list", "--tenant", "tenant-a").exit());
        CliSandbox.Run other = CliSandbox.run("--url", sandbox.url(), "--token", tenantToken, "jobs", "list", "--tenant", "tenant-b");
        assertEquals(1, other.exit(), other::toString);
        assertTrue(other.err().contains("403"), other::toString);
    }

    @Test
    void servicesCreateListGetLatest() {
        CliSandbox.Run created = ok("services", "create", "nginx:1.27", "--publish", "30081");
        assertTrue(created.out().matches("created service [0-9a-f-]{36}\n"), created::toString);
        String id = created.out().trim().substring("created service ".length());
        String list = ok("services", "list").out();
        assertTrue(list.startsWith("ID ") && list.lines().anyMatch(l -> l.matches(id + "\\s+nginx-\\S+\\s+nginx:1.27\\s+\\S+\\s+1\\s+30081\\s+api\\s+\\d+s")),
                list);
        assertEquals(id, json(ok("services", "get", id, "-o", "json")).get("id").asText());
        String name = json(ok("services", "get", id, "-o", "json")).get("name").asText();
        assertTrue(ok("services", "get", "--name", name).out().contains(id));
        assertTrue(ok("services", "latest", "nginx:1.27").out().contains(id));
        assertTrue(ok("services", "latest").out().lines().count() == 2);

        CliSandbox.Run attached = ok("services", "create", "busybox:1.36", "--attach");
        assertTrue(attached.out().contains(": succeeded, exit code 0"), attached::toString);

        CliSandbox.Run bad = refused("services", "create", "nginx", "--publish", "80");
        assertTrue(bad.err().contains("400 Bad Request (") && bad.err().contains("30000-32767"), bad::toString);
        assertTrue(refused("services", "get", "nope").err().contains("404 Not found"));
    }

    @Test
    void servicesDeleteAndATakenNodePortIsRefusedNamingItsHolder() {
        String id = ok("services", "create", "nginx:1.27", "--publish", "30082").out().trim().substring("created service ".length());
        String name = json(ok("services", "get", id, "-o", "json")).get("name").asText();

        CliSandbox.Run taken = refused("services", "create", "nginx:1.27", "--publish", "30082");
        assertTrue(taken.err().contains("409 node port 30082 is already held by Service ") && taken.err().contains("/" + name),
                taken::toString);

        assertEquals("deleted service " + id + " (" + name + "): deployment " + name + ", service " + name + "\n",
                ok("services", "delete", id).out());
        assertTrue(refused("services", "get", id).err().contains("404 Not found"));
        assertTrue(refused("services", "delete", id).err().contains("404 Not found"));
        String again = ok("services", "create", "nginx:1.27", "--publish", "30082", "-o", "json").out();
        assertTrue(again.contains("Successfuly created!"), again);
    }

    @Test
    void aWrongTokenIsTheServersNoAndNoTokenSaysHowToGiveOne() {
        CliSandbox.Run wrong = CliSandbox.run("--url", sandbox.url(), "--token", "not-a-jwt", "nodes");
        assertEquals(1, wrong.exit(), wrong::toString);
        assertTrue(wrong.err().startsWith("deckhand: GET /get/nodes: 401 Unauthorized: send Authorization: Bearer TOKEN"), wrong::toString);
        assertEquals(1, wrong.err().lines().count(), "one line, no stack trace: " + wrong.err());
        CliSandbox.Run deployer = CliSandbox.run("--url", sandbox.url(), "--token", sandbox.tokens().get("deployer"), "nodes");
        assertEquals(1, deployer.exit());
        assertTrue(deployer.err().startsWith("deckhand: GET /get/nodes: 403 "), deployer::toString);
        CliSandbox.Run none = CliSandbox.run("--url", sandbox.url(), "--token", "", "nodes");
        assertEquals(1, none.exit());
        assertTrue(none.err().contains("use --token or DECKHAND_TOKEN"), none::toString);
    }

    @Test
    void anUnreachableDeckhandIsExit3NamingTheUrl() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CliSandbox.Run run = CliSandbox.run("--url", "http://localhost:" + port, "--token", "x", "prewarm", "list");
        assertEquals(3, run.exit(), run::toString);
        assertEquals("deckhand: cannot reach Deckhand at http://localhost:" + port + ": connection refused\n", run.err());
    }

    @Test
    void aUrlThatIsNotHttpIsAUsageError() {
        for (String url : new String[] {"not a url", "ftp://localhost:8080", "localhost:8080", "file:///etc/passwd"}) {
            CliSandbox.Run run = CliSandbox.run("--url", url, "--token", "x", "nodes");
            assertEquals(2, run.exit(), run::toString);
            assertTrue(run.err().contains("--url"), run::toString);
        }
    }

    @Test
    void textTheServerWouldRefuseIsRefusedBeforeAnythingIsSent() {
        // No server at this URL: a value with a control, separator or bidi character never gets as far as a request.
        String url = "http://localhost:1";
        List<String[]> refused = List.of(
                new String[] {"jobs", "run", "--tenant", "tenant-a", "ls\u0085rm -rf /"},
                new String[] {"jobs", "run", "--tenant", "tenant-a", "ls \u202Egnp.exe"},
                new String[] {"jobs", "run", "--tenant", "tenant-a", "--vol", "data:/da\u2028ta", "ls"},
                new String[] {"images", "pull", "--node", "node-1\u0000", "alpine:3.20"},
                new String[] {"services", "create", "alpine\uFEFF"});
        for (String[] args : refused) {
            CliSandbox.Run run = CliSandbox.run(concat(new String[] {"--url", url, "--token", "x"}, args));
            assertEquals(2, run.exit(), () -> String.join(" ", args) + ": " + run);
            assertTrue(run.err().contains("the value contains U+"), run::toString);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void badUsageIsExit2WithTheUsage() {
        List<String[]> usages = new ArrayList<>();
        usages.add(new String[] {"images", "list"});
        usages.add(new String[] {"frobnicate"});
        usages.add(new String[] {"prewarm"});
        usages.add(new String[] {"prewarm", "create", "--images", "a", "--batch-size", "many"});
        usages.add(new String[] {"-o", "yaml", "nodes"});
        usages.add(new String[] {"prewarm", "watch", "t", "--interval", "soon"});
        for (String[] args : usages) {
            CliSandbox.Run run = deckhand(args);
            assertEquals(2, run.exit(), () -> String.join(" ", args) + ": " + run);
            assertTrue(run.err().contains("Usage: deckhand") || run.err().contains("Did you mean: deckhand"), run::toString);
            assertNoStackTrace(run);
        }
        assertEquals(2, CliSandbox.run().exit());
    }

    @Test
    void completionIsPicocliGeneratedBashCompletion() {
        String script = CliSandbox.run("completion").out();
        assertTrue(script.startsWith("#!/usr/bin/env bash"), script);
        assertTrue(script.contains("complete -F _complete_deckhand") && script.contains("prewarm") && script.contains("--batch-size"),
                script);
        assertTrue(CliSandbox.run("--help").out().contains("Exit codes: 0 ok, 1 the server said no, 2 usage error, 3 Deckhand unreachable."));
    }
}
