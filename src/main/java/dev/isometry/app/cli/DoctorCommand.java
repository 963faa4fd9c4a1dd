package dev.isometry.app.cli;

import dev.isometry.app.AppVersion;
import dev.isometry.safety.BackupManifest;
import dev.isometry.safety.Backups;
import dev.isometry.safety.CheckResult;
import dev.isometry.safety.StartupReport;
import dev.isometry.safety.StartupValidator;
import dev.isometry.safety.ValidationDepth;
import dev.isometry.store.DataDir;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code isometry doctor}: every check on the store, without changing anything; the exit code is the outcome. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check the store (integrity, version, upgrade history, schema, search index, lock) "
                + "without changing anything.",
        footer = {"", "Exit codes: 0 READY, 10 NEEDS_MIGRATION, 20 BLOCKED, 30 NEEDS_RECOVERY, 1 failure."})
final class DoctorCommand implements Callable<Integer> {
    @ParentCommand
    IsometryCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        DataDir dir = Cli.dataDir(root.global.dataDir, root.global.verbose);
        StartupReport report = StartupValidator.shipped().validate(dir, ValidationDepth.FULL);
        List<BackupManifest> backups = Backups.of(dir, AppVersion.get()).list();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("status", report.status().name());
            doc.put("exitCode", report.exitCode());
            doc.put("reason", report.reason());
            doc.put("dataDir", dir.root().toString());
            doc.put("storeVersion", report.storeVersion());
            doc.put("appVersion", report.appVersion());
            doc.put("pending", report.pending());
            doc.put("fresh", report.fresh());
            doc.put("checks", report.checks());
            doc.put("durationMs", report.durationMs());
            doc.put("backups", backups.size());
            doc.put("newestBackup", backups.isEmpty() ? null : backups.get(0));
            CardsCommand.printJson(out, doc);
        } else {
            out.printf("%s (exit %d)%n%s%n%n", report.status(), report.exitCode(), report.reason());
            for (CheckResult c : report.checks()) {
                out.printf("  %-5s %-18s %s%n", c.ok() ? "ok" : "FAIL", c.name(), c.detail());
            }
            out.printf("%nData folder: %s%nBackups: %d%s%n", dir.root(), backups.size(), backups.isEmpty() ? ""
                    : " (newest " + backups.get(0).createdAt() + ", " + backups.get(0).kind().slug() + ")");
            out.printf("Checked in %d ms.%n", report.durationMs());
        }
        out.flush();
        return report.exitCode();
    }
}
