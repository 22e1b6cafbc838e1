package dev.deckhand.cli;

import dev.deckhand.sandbox.app.SandboxMain;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** A sandbox for the CLI's tests, started as the README starts it (on a free port, its kubeconfig in a temp dir). */
final class CliSandbox {

    private CliSandbox() {
    }

    static SandboxMain.Running start() {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path kubeconfig = Files.createTempDirectory("deckhand-cli-test").resolve("kubeconfig");
            SandboxMain main = new SandboxMain();
            new CommandLine(main).parseArgs("--port", String.valueOf(port), "--kubeconfig", kubeconfig.toString(),
                    "--reconcile-interval", "200ms");
            return main.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a run of the CLI printed and how it exited. */
    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    /** Runs the CLI's entry point in-process, as {@code deckhand ARGS} would. */
    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DeckhandCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
