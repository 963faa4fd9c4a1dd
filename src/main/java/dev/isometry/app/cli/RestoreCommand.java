package dev.isometry.app.cli;

import dev.isometry.app.AppVersion;
import dev.isometry.safety.BackupRestore;
import dev.isometry.safety.Backups;
import dev.isometry.safety.RestoreResult;
import dev.isometry.safety.StartupReport;
import dev.isometry.safety.StartupValidator;
import dev.isometry.safety.ValidationDepth;
import dev.isometry.store.DataDir;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code isometry restore FILE}: puts a backup back, after saving the current store; checked by hash both ways. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Replace the store with a backup. The backup must match its manifest (FILE.json); the current "
                + "store is backed up first; the result is checked by its hash.",
        footer = {"", "Exit codes: 0 restored, 1 not restored (the message says why; nothing was changed), 20 the app "
                + "has the store open."})
final class RestoreCommand implements Callable<Integer> {
    @ParentCommand
    IsometryCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A backup file, or the name of one in the backups folder.")
    Path file;

    @Override
    public Integer call() {
        DataDir dir = Cli.dataDir(root.global.dataDir, root.global.verbose);
        Path backup = file;
        if (!Files.exists(backup) && file.getNameCount() == 1 && Files.exists(dir.backups().resolve(file))) {
            backup = dir.backups().resolve(file);
        }
        dir.prepare();
        RestoreResult r = new BackupRestore(Backups.of(dir, AppVersion.get())).restore(backup.toAbsolutePath());
        StartupReport after = StartupValidator.shipped().validate(dir, ValidationDepth.QUICK);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Restored %s (sha256 %s checked, schema version %d, %d cards) in %d ms.%n", backup.getFileName(),
                r.restored().sha256(), r.restored().schemaVersion(), r.restored().cards(), r.durationMs());
        if (r.savedCurrent() != null) {
            out.println("The store it replaced was saved first as " + r.savedCurrent());
        }
        out.println("Now: " + after.status() + " - " + after.reason());
        out.flush();
        return Cli.OK;
    }
}
