package dev.isometry.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.isometry.app.BenchRunner;
import dev.isometry.store.Json;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code isometry bench}: runs the benchmarks headless and prints named figures. */
@Command(name = "bench", description = "Run the benchmarks headless (in a temporary store) and print named figures.",
        mixinStandardHelpOptions = true)
final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    IsometryCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Fewer iterations (figures are noisier).")
    boolean quick;

    @Option(names = "--json", description = "Print one JSON object of figures (progress goes to stderr).")
    boolean json;

    @Option(names = "--safety-only", description = "Only the safety figures (start-up validation, backups, the "
            + "safe upgrade); no window.")
    boolean safetyOnly;

    /** Parts of the benchmark that run on their own, their figures named as in the whole run. */
    enum Part { feed, bridge }

    @Option(names = "--only", paramLabel = "PART", description = "Only this part, its figures named as in the "
            + "whole run: ${COMPLETION-CANDIDATES} (feed: the change feed and live queries, over the 100k-card "
            + "corpus; bridge: round trips, replay of queued writes, card creation, autosave).")
    Part only;

    @Override
    public Integer call() throws Exception {
        Cli.dataDir(root.global.dataDir, root.global.verbose);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        BenchRunner runner = new BenchRunner(quick, step -> {
            err.println("bench: " + step);
            err.flush();
        });
        if (safetyOnly && only != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--safety-only and --only cannot be combined");
        }
        Map<String, Number> figures = safetyOnly ? runner.runSafety()
                : only == Part.feed ? runner.runFeed()
                : only == Part.bridge ? runner.runBridge()
                : runner.run();
        if (json) {
            try {
                out.println(Json.mapper().writeValueAsString(figures));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            figures.forEach((k, v) -> out.printf("%-26s %s%n", k, v));
        }
        out.flush();
        return Cli.OK;
    }
}
