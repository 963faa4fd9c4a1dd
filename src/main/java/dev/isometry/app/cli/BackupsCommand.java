package dev.isometry.app.cli;

import dev.isometry.app.AppVersion;
import dev.isometry.safety.BackupException;
import dev.isometry.safety.BackupManifest;
import dev.isometry.safety.Backups;
import dev.isometry.store.DataDir;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code isometry backups}: the backups in the data folder, newest first, optionally checked against their manifests. */
@Command(name = "backups", mixinStandardHelpOptions = true,
        description = "List the backups in the data folder, newest first.",
        footer = {"", "Exit codes: 0 listed (and, with --verify, every backup matches its manifest), 1 a backup "
                + "does not match."})
final class BackupsCommand implements Callable<Integer> {
    @ParentCommand
    IsometryCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the manifests as a JSON array.")
    boolean json;

    @Option(names = "--verify", description = "Also check each backup's size, SHA-256 and integrity.")
    boolean verify;

    @Override
    public Integer call() {
        DataDir dir = Cli.dataDir(root.global.dataDir, root.global.verbose);
        Backups backups = Backups.of(dir, AppVersion.get());
        List<BackupManifest> all = backups.list();
        List<Object> rows = new ArrayList<>();
        boolean allGood = true;
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            out.printf("%-26s %-13s %6s %8s %9s  %s%n", "created", "kind", "schema", "cards", "MB", "file");
        }
        for (BackupManifest m : all) {
            String check = null;
            if (verify) {
                try {
                    Backups.verify(backups.fileOf(m));
                    check = "ok";
                } catch (BackupException e) {
                    check = e.getMessage();
                    allGood = false;
                }
            }
            if (json) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("path", backups.fileOf(m).toString());
                row.put("manifest", m);
                if (check != null) {
                    row.put("verified", check);
                }
                rows.add(row);
            } else {
                out.printf("%-26s %-13s %6d %8d %9.1f  %s%s%n", m.createdAt(), m.kind().slug(), m.schemaVersion(), m.cards(),
                        m.sizeBytes() / 1048576.0, backups.fileOf(m), check == null ? "" : "  [" + check + "]");
            }
        }
        if (json) {
            CardsCommand.printJson(out, rows);
        } else if (all.isEmpty()) {
            out.println("(no backups yet in " + dir.backups() + ")");
        }
        out.flush();
        return allGood ? Cli.OK : Cli.FAILED;
    }
}
