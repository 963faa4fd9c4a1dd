package dev.isometry.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code isometry bench}: runs the benchmarks headless and prints named figures. */
@Command(name = "bench", description = "Run the benchmarks headless and print named figures.",
        mixinStandardHelpOptions = true)
final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    IsometryCommand root;

    @Option(names = "--quick", description = "Fewer iterations (figures are noisier).")
    boolean quick;

    @Option(names = "--json", description = "Print one JSON object of figures.")
    boolean json;

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("bench is not built yet");
    }
}
