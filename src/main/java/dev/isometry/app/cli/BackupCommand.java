package dev.isometry.app.cli;

import dev.isometry.app.AppVersion;
import dev.isometry.safety.BackupKind;
import dev.isometry.safety.BackupManifest;
import dev.isometry.safety.Backups;
import dev.isometry.store.DataDir;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code isometry backup}: a checked, hashed backup with its manifest; safe while the app is running. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Back up the store (a consistent copy, integrity-checked, with a manifest holding its SHA-256). "
                + "Safe while the app is open.")
final class BackupCommand implements Callable<Integer> {
    @ParentCommand
    IsometryCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the backup here (default: the backups folder); "
            + "the manifest goes to FILE.json.")
    Path out;

    @Option(names = "--json", description = "Print the manifest as JSON.")
    boolean json;

    @Override
    public Integer call() {
        DataDir dir = Cli.dataDir(root.global.dataDir, root.global.verbose);
        Backups backups = Backups.of(dir, AppVersion.get());
        BackupManifest m = out == null ? backups.create(BackupKind.MANUAL) : backups.createAt(out, BackupKind.MANUAL);
        Path file = out == null ? backups.fileOf(m) : out.toAbsolutePath().normalize();
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            CardsCommand.printJson(w, m);
        } else {
            w.println(file);
            w.printf("sha256 %s, %d bytes, schema version %d, %d cards%n", m.sha256(), m.sizeBytes(), m.schemaVersion(),
                    m.cards());
        }
        w.flush();
        return Cli.OK;
    }
}
