package dev.deckhand.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code source <(deckhand completion)}: picocli's generated bash (and zsh) completion script. */
@Command(name = "completion", description = {"Print the bash completion script:", "  source <(deckhand completion)"})
class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("deckhand", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
