package dev.deckhand.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** A command that calls Deckhand: the global options, the output stream, and `-o json` printing. */
abstract class ApiCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    DeckhandCli cli() {
        return (DeckhandCli) spec.root().userObject();
    }

    Api api() {
        return cli().api();
    }

    boolean json() {
        return cli().output == DeckhandCli.Output.json;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The server's JSON, pretty-printed; a body that is not JSON as it came. */
    int printJson(Api.Answer answer) {
        try {
            out().println(answer.json() == null ? answer.text() : Api.JSON.writeValueAsString(answer.json()));
        } catch (JsonProcessingException e) {
            out().println(answer.text());
        }
        out().flush();
        return 0;
    }

    int print(String text) {
        out().print(text.endsWith("\n") ? text : text + "\n");
        out().flush();
        return 0;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A group of commands run without one of them: its usage on stderr, exit 2. */
    abstract static class Group implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getErr());
            return CommandLine.ExitCode.USAGE;
        }
    }
}
