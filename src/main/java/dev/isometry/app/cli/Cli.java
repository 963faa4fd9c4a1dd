package dev.isometry.app.cli;

import dev.isometry.app.AppVersion;
import dev.isometry.core.CardNotFoundException;
import dev.isometry.core.MergeConflictException;
import dev.isometry.core.ValidationException;
import dev.isometry.core.VersionConflictException;
import dev.isometry.safety.RollbackException;
import dev.isometry.safety.SafetyException;
import dev.isometry.safety.StoreLockedException;
import dev.isometry.safety.StoreNotReadyException;
import dev.isometry.safety.StoreStatus;
import dev.isometry.store.DataDir;
import dev.isometry.store.DataDirException;
import dev.isometry.store.SchemaTooNewException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Runs the command line: parses, prepares logging for the chosen data directory, runs the command and
 * turns failures into one clear line on stderr and the documented exit code (stack traces only with
 * {@code --verbose}). Thread-safe (no shared state besides system properties set once per run).
 */
public final class Cli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int CONFLICT = 3;

    private Cli() {
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** Runs with the given output streams (tests, embedding). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new IsometryCommand());
        cl.setExecutionExceptionHandler(Cli::onFailure);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("isometry: " + ex.getMessage());
            err.println("Try 'isometry --help' for usage.");
            err.flush();
            return USAGE;
        });
        return cl;
    }

    private static int onFailure(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean verbose = parsed.hasMatchedOption("--verbose")
                || (parsed.subcommand() != null && hasVerbose(parsed));
        int code;
        String message;
        if (e instanceof ValidationException || e instanceof IllegalArgumentException) {
            code = USAGE;
            message = e.getMessage();
        } else if (e instanceof MergeConflictException mc) {
            code = CONFLICT;
            message = "card " + mc.stored().id() + " changed since version " + mc.baseVersion() + " (now version "
                    + mc.currentVersion() + ") and these fields need a person to choose; nothing was written:";
        } else if (e instanceof VersionConflictException) {
            code = CONFLICT;
            message = e.getMessage();
        } else if (e instanceof StoreNotReadyException notReady) {
            code = notReady.report().exitCode(); // the doctor's codes: 10 upgrade, 20 blocked, 30 recovery
            message = e.getMessage();
        } else if (e instanceof RollbackException rollback) {
            code = rollback.exitCode(); // 40 refused, 41 verification failed, 42 not found (RollbackCommand)
            message = e.getMessage();
        } else if (e instanceof StoreLockedException) {
            code = StoreStatus.BLOCKED.exitCode();
            message = e.getMessage();
        } else if (e instanceof SafetyException) {
            code = FAILED;
            message = e.getMessage();
        } else if (e instanceof CardNotFoundException || e instanceof DataDirException
                || e instanceof SchemaTooNewException) {
            code = FAILED;
            message = e.getMessage();
        } else {
            code = FAILED;
            message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        err.println("isometry: " + message);
        if (e instanceof MergeConflictException mc) {
            // One conflicting field per line, so a script can read them.
            mc.conflicts().forEach(c -> err.println(c.field().wireName()));
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static boolean hasVerbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** Resolves the data directory and points logging at its {@code logs/} folder. */
    static DataDir dataDir(Path explicit, boolean verbose) {
        DataDir dir = DataDir.resolve(explicit, System.getenv());
        if (System.getProperty("isometry.logDir") == null) {
            System.setProperty("isometry.logDir", dir.logs().toString());
        }
        if (verbose) {
            System.setProperty("isometry.consoleLevel", "DEBUG");
        }
        return dir;
    }

    /** Supplies {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Isometry " + AppVersion.get(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
