package dev.deckhand.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bench/run NAME [options]}: one subcommand per benchmark. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {ReconcileBench.class, ColdStartBench.class, PrewarmBench.class, CleanupBench.class, ServicesBench.class, AgentBench.class},
        description = "Deckhand benchmarks. See bench/README.md.")
public class Bench implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
