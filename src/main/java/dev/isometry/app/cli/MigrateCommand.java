package dev.isometry.app.cli;

import dev.isometry.app.AppVersion;
import dev.isometry.safety.Backups;
import dev.isometry.safety.CheckResult;
import dev.isometry.safety.MigrationListener;
import dev.isometry.safety.MigrationResult;
import dev.isometry.safety.SafeMigrator;
import dev.isometry.store.DataDir;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code isometry migrate}: the safe upgrade (backup, dry run, apply, verify, commit), or only its dry run. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Upgrade the store to this version's schema: back up, try on a copy, apply in one "
                + "transaction, verify, commit (or roll back and restore). Finishes or undoes an interrupted upgrade.",
        footer = {"", "Exit codes: 0 done (or nothing to do), 1 failed (the store is as it was), 20 blocked, 30 damaged."})
final class MigrateCommand implements Callable<Integer> {
    @ParentCommand
    IsometryCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--dry-run", description = "Only apply and verify on a copy; change nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        DataDir dir = Cli.dataDir(root.global.dataDir, root.global.verbose);
        SafeMigrator migrator = SafeMigrator.shipped(dir, Backups.of(dir, AppVersion.get()));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MigrationResult r;
        if (dryRun) {
            r = migrator.dryRun();
        } else {
            migrator.recover().ifPresent(rec -> {
                err.println("migrate: an interrupted upgrade was resolved: " + rec.note());
                err.flush();
            });
            r = migrator.migrate(new MigrationListener() {
                @Override
                public void progress(double fraction, String message) {
                    err.printf("migrate: %3d%% %s%n", Math.round(fraction * 100), message);
                    err.flush();
                }
            });
        }
        if (json) {
            CardsCommand.printJson(out, r);
        } else if (r.nothingToDo()) {
            out.printf("Nothing to upgrade: the store is at schema version %d.%n", r.toVersion());
        } else {
            out.printf("%s schema %d -> %d (%s) in %d ms.%n", r.dryRun() ? "Dry run passed:" : "Upgraded:",
                    r.fromVersion(), r.toVersion(), String.join(", ", r.applied()), r.durationMs());
            for (CheckResult c : r.checks()) {
                out.printf("  %-5s %-18s %s%n", c.ok() ? "ok" : "FAIL", c.name(), c.detail());
            }
            if (r.dryRun()) {
                out.println("Applied and verified on a copy only; your store was not changed.");
            } else {
                out.printf("Backup made first: %s (sha256 %s)%n", migrator.backupPath(r.backup()), r.backup().sha256());
            }
        }
        out.flush();
        return Cli.OK;
    }
}
