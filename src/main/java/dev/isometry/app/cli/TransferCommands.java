package dev.isometry.app.cli;

import dev.isometry.app.AppContext;
import dev.isometry.core.TransferFormat;
import dev.isometry.core.TransferListener;
import dev.isometry.core.TransferProblem;
import dev.isometry.core.TransferReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code isometry import} and {@code isometry export}. */
final class TransferCommands {
    private TransferCommands() {
    }

    static TransferFormat format(String f) {
        return TransferFormat.parse(f).orElseThrow(() -> new IllegalArgumentException(
                "--format must be markdown, csv or json (got \"" + f + "\")"));
    }

    static TransferReport run(IsometryCommand root, boolean importing, TransferFormat format, Path path) {
        try (AppContext ctx = AppContext.openForCommand(Cli.dataDir(root.global.dataDir, root.global.verbose))) {
            var s = ctx.services();
            return importing ? s.importer().run(format, path.toAbsolutePath(), TransferListener.silent())
                    : s.exporter().run(format, path.toAbsolutePath(), TransferListener.silent());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage() == null ? "I/O failure" : e.getMessage(), e);
        }
    }

    static int print(PrintWriter out, PrintWriter err, TransferReport r, boolean importing) {
        if (importing) {
            out.printf("Imported %d new card(s), updated %d, unchanged %d; %d connection(s).%n", r.imported(),
                    r.updated(), r.unchanged(), r.connections());
        } else {
            out.printf("Exported %d card(s) and %d connection(s).%n", r.imported(), r.connections());
        }
        for (TransferProblem p : r.problems()) {
            err.printf("%s: %s%n", p.file(), p.message());
        }
        out.flush();
        err.flush();
        return r.problems().isEmpty() ? Cli.OK : Cli.FAILED;
    }

    @Command(name = "import", description = "Import cards from a Markdown folder, a CSV file or a JSON archive.%n"
            + "Problems are listed per file on stderr (exit code 1); everything else is imported.",
            mixinStandardHelpOptions = true)
    static final class Import implements Callable<Integer> {
        @ParentCommand
        IsometryCommand root;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "PATH", description = "The folder (markdown) or file (csv, json).")
        Path path;
        @Option(names = "--format", required = true, description = "markdown, csv or json.")
        String format;

        @Override
        public Integer call() {
            TransferReport r = run(root, true, format(format), path);
            return print(spec.commandLine().getOut(), spec.commandLine().getErr(), r, true);
        }
    }

    @Command(name = "export", description = "Export cards: json is a lossless archive of everything; markdown "
            + "(a folder) and csv (a file) hold the live cards.", mixinStandardHelpOptions = true)
    static final class Export implements Callable<Integer> {
        @ParentCommand
        IsometryCommand root;
        @Spec
        CommandSpec spec;
        @Option(names = "--format", required = true, description = "markdown, csv or json.")
        String format;
        @Option(names = "--out", required = true, paramLabel = "PATH", description = "Where to write.")
        Path out;

        @Override
        public Integer call() {
            TransferReport r = run(root, false, format(format), out);
            return print(spec.commandLine().getOut(), spec.commandLine().getErr(), r, false);
        }
    }
}
