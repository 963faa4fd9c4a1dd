package dev.isometry.app.cli;

import dev.isometry.app.Gui;
import dev.isometry.bridge.FaultPlan;
import dev.isometry.store.DataDir;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code isometry}: with no subcommand, opens the app. */
@Command(name = "isometry", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Isometry, a desktop knowledge base of cards and their connections.%n"
                + "With no command, opens the app.",
        subcommands = {CardsCommand.class, TransferCommands.Import.class, TransferCommands.Export.class,
            BenchCommand.class,
            DoctorCommand.class, MigrateCommand.class, BackupCommand.class, BackupsCommand.class, RestoreCommand.class,
            RollbackCommand.class},
        footer = {"", "Exit codes: 0 success, 1 failure, 2 bad usage, 3 conflict; doctor and the store checks: "
                + "10 needs an upgrade, 20 blocked, 30 needs recovery; rollback: 40 refused, 41 verification failed, "
                + "42 no rollback export."})
final class IsometryCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--headless", description = "Run without a window (Monocle), for CI smoke runs.")
    boolean headless;

    @Option(names = "--exit-when-interactive", hidden = true,
            description = "Print the time to an interactive page, then exit (startup benchmark).")
    boolean exitWhenInteractive;

    @Option(names = "--fault-injection", hidden = true, paramLabel = "PLAN",
            description = "Development only: break the bridge on purpose, e.g. drop-requests=0.2,drop-replies=0.2,"
                    + "fail=0.05,delay=0.1,max-delay-ms=200,reload-every-s=30.")
    String faultInjection;

    @Option(names = "--rollback", description = "Open in rollback mode (the same UI on an in-page sql.js engine): "
            + "continues the active rollback session, else exports the store (assessed, backed up and verified first).")
    boolean rollback;

    @Option(names = "--from-backup", paramLabel = "FILE", description = "With --rollback: open this backup instead.")
    java.nio.file.Path fromBackup;

    @Override
    public Integer call() {
        if (fromBackup != null && !rollback) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--from-backup needs --rollback");
        }
        DataDir dir = Cli.dataDir(global.dataDir, global.verbose);
        FaultPlan faults;
        try {
            faults = FaultPlan.parse(faultInjection);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--fault-injection: " + e.getMessage(), e);
        }
        dir.prepare();
        return Gui.run(dir, headless, exitWhenInteractive, faults,
                rollback ? new dev.isometry.app.RollbackLaunch(fromBackup == null ? null : fromBackup.toAbsolutePath()) : null);
    }
}
