package dev.deckhand.cli;

import dev.deckhand.text.UserText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The {@code deckhand} command: every Deckhand route over HTTP. Exit codes: 0 ok, 1 the server said no (its
 * {@code error} printed), 2 usage, 3 Deckhand unreachable.
 */
@Command(name = "deckhand", mixinStandardHelpOptions = true, version = "deckhand 0.1.0",
        description = "Talks to a Deckhand (sandbox, Knative, API Gateway) over HTTP.",
        subcommands = {NodesCommand.class, ImagesCommand.class, PrewarmCommand.class, CleanupCommand.class, DeployCommand.class,
                JobsCommand.class, ServicesCommand.class, CompletionCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 the server said no, 2 usage error, 3 Deckhand unreachable."})
public class DeckhandCli implements Callable<Integer> {

    enum Output { human, json }

    @Option(names = "--url", scope = ScopeType.INHERIT, defaultValue = "${env:DECKHAND_URL:-http://localhost:8080}",
            description = "Deckhand's URL (default: $DECKHAND_URL or http://localhost:8080)")
    String url;

    @Option(names = "--token", scope = ScopeType.INHERIT, defaultValue = "${env:DECKHAND_TOKEN}",
            description = "bearer token (default: $DECKHAND_TOKEN)")
    String token;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, defaultValue = "human",
            description = "human (default) or json: the server's JSON as it answered, pretty-printed")
    Output output;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, defaultValue = "60s", converter = DurationConverter.class,
            description = "longest wait for an answer (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the CLI's error handling: one line on stderr and the exit code, never a stack trace. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new DeckhandCli());
        commandLine.setExecutionStrategy(parseResult -> {
            checkText(parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            PrintWriter err = failed.getErr();
            if (exception instanceof CliException) {
                err.println("deckhand: " + exception.getMessage());
                err.flush();
                return ((CliException) exception).exitCode();
            }
            err.println("deckhand: internal error: " + exception);
            err.flush();
            return CliException.SERVER_SAID_NO;
        });
        return commandLine;
    }

    /**
     * Every value given on the command line obeys the server's text rule ({@link UserText}): a name, command or path
     * with a control, bidi or separator character is refused here, before anything is sent.
     */
    private static void checkText(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult command = parseResult; command != null; command = command.subcommand()) {
            List<CommandLine.Model.ArgSpec> args = new ArrayList<>(command.matchedOptions());
            args.addAll(command.matchedPositionals());
            for (CommandLine.Model.ArgSpec arg : args) {
                for (String value : arg.originalStringValues()) {
                    Optional<String> problem = UserText.problem(value);
                    if (problem.isPresent()) {
                        String name = arg instanceof CommandLine.Model.OptionSpec option ? option.longestName() : arg.paramLabel();
                        throw new CommandLine.ParameterException(command.commandSpec().commandLine(),
                                name + ": the value " + problem.get());
                    }
                }
            }
        }
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    Api api() {
        return new Api(url, token, Duration.ofSeconds(5), timeout);
    }

    /** "30s", "500ms", "2m", or ISO-8601 ("PT30S"). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                if (text.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
                }
                if (text.endsWith("s")) {
                    return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
                }
                if (text.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
                }
                return Duration.parse(value.trim());
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 500ms, 2s or 1m");
            }
        }
    }
}
