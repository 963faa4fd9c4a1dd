package dev.isometry.app.cli;

import dev.isometry.app.AppVersion;
import dev.isometry.safety.RollbackAssessment;
import dev.isometry.safety.RollbackManager;
import dev.isometry.safety.RollbackManifest;
import dev.isometry.safety.RollbackReport;
import dev.isometry.safety.RollbackReturn;
import dev.isometry.safety.RollbackSession;
import dev.isometry.safety.RollbackSource;
import dev.isometry.safety.RollbackStep;
import dev.isometry.safety.SnapshotManifest;
import dev.isometry.store.DataDir;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code isometry rollback export|validate|status|cleanup|return}: rollback mode's emergency tools, no
 * window needed. Exit codes beyond the usual: 40 refused by the assessment, 41 an export or snapshot
 * that does not verify, 42 no rollback export where one was expected; {@code return} gives the doctor's
 * code when the native store is not ready.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Rollback mode's emergency tools: a verified sql.js export of the store, its checks, and the "
                + "way back to native.",
        subcommands = {RollbackCommand.Export.class, RollbackCommand.Validate.class, RollbackCommand.Status.class,
            RollbackCommand.Cleanup.class, RollbackCommand.Return.class},
        footer = {"", "Exit codes: 0 success, 1 failure, 2 bad usage, 40 refused (the assessment says dangerous), "
                + "41 verification failed (tampered or damaged), 42 no rollback export found; return: 10/20/30 when the "
                + "native store needs an upgrade, is blocked or needs recovery."})
final class RollbackCommand implements Callable<Integer> {
    @ParentCommand
    IsometryCommand root;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Cli.USAGE;
    }

    DataDir dir() {
        return Cli.dataDir(root.global.dataDir, root.global.verbose);
    }

    RollbackManager manager() {
        return RollbackManager.of(dir(), AppVersion.get());
    }

    static void printReport(PrintWriter out, RollbackReport r) {
        out.printf("%s: %s%n", r.outcome(), r.summary());
        for (RollbackStep s : r.steps()) {
            out.printf("  %-4s %-9s %6d ms  %s%n", s.ok() ? "ok" : "FAIL", s.name(), s.durationMs(), s.detail());
        }
    }

    /** {@code rollback export --out DIR}: assess + back up + export + verify + report. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Assess, back up, export the store for rollback mode (sql.js) into DIR and verify the export "
                    + "against its source; writes report.json and report.txt there.")
    static final class Export implements Callable<Integer> {
        @ParentCommand
        RollbackCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "An empty or new folder.")
        Path out;
        @Option(names = "--from-backup", paramLabel = "FILE", description = "Export this backup instead of the store.")
        Path fromBackup;
        @Option(names = "--json", description = "Print the export's manifest as JSON.")
        boolean json;

        @Override
        public Integer call() {
            RollbackSource source = fromBackup == null ? RollbackSource.nativeStore() : RollbackSource.fromBackup(fromBackup);
            RollbackSession s = parent.manager().export(source, -1, out);
            RollbackManifest m = s.manifest();
            PrintWriter w = spec.commandLine().getOut();
            if (json) {
                CardsCommand.printJson(w, m);
            } else {
                printReport(w, RollbackReport.read(s.folder().resolve("report.json")));
                w.printf("%nExport:    %s%nExport id: %s%nSHA-256:   %s (%d bytes)%nCards:     %d (%d live)%n"
                        + "Report:    %s%n", s.exportFile(), m.exportId(), m.sha256(), m.sizeBytes(), m.cards(),
                        m.liveCards(), s.folder().resolve("report.txt"));
            }
            w.flush();
            return Cli.OK;
        }
    }

    /** {@code rollback validate DIR}. */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check a rollback export folder: the export against its manifest (SHA-256, integrity, rows and "
                    + "content hash of every table, search index) and every saved snapshot.")
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "DIR", description = "The folder 'rollback export' wrote.")
        Path folder;
        @Option(names = "--json", description = "Print the report as JSON.")
        boolean json;

        @Override
        public Integer call() {
            RollbackReport r = RollbackManager.validate(folder);
            PrintWriter w = spec.commandLine().getOut();
            if (json) {
                CardsCommand.printJson(w, r);
            } else {
                printReport(w, r);
            }
            w.flush();
            return Cli.OK;
        }
    }

    /** {@code rollback status}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Whether rollback mode could be entered now (the assessment), and every rollback export in the "
                    + "data folder with its snapshots.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        RollbackCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--json", description = "Print as one JSON object.")
        boolean json;

        @Override
        public Integer call() {
            RollbackManager manager = parent.manager();
            RollbackAssessment a = manager.assess(RollbackSource.nativeStore(), -1);
            List<Map<String, Object>> sessions = new ArrayList<>();
            for (RollbackSession s : manager.sessions()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("folder", s.folder().toString());
                m.put("state", s.state());
                m.put("exportId", s.exportId());
                m.put("createdAt", s.createdAt());
                m.put("source", s.source());
                m.put("returnedAt", s.returnedAt());
                List<SnapshotManifest> snaps = s.exportId().isEmpty() ? List.of() : s.snapshots().list();
                m.put("snapshots", snaps.size());
                m.put("newestSnapshot", snaps.isEmpty() ? null : snaps.get(0));
                sessions.add(m);
            }
            PrintWriter w = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("dataDir", manager.dataDir().root().toString());
                doc.put("assessment", a);
                doc.put("sessions", sessions);
                CardsCommand.printJson(w, doc);
            } else {
                w.printf("Rollback mode now: %s%n", a.summary());
                w.printf("Store %.1f MB, free disk %d MB, free memory %s, queued changes %s, integrity %s, schema %d%n%n",
                        a.storeBytes() / 1048576.0, a.freeDiskBytes() >> 20,
                        a.freeMemoryBytes() < 0 ? "unknown" : (a.freeMemoryBytes() >> 20) + " MB",
                        a.queuedWrites() < 0 ? "unknown" : String.valueOf(a.queuedWrites()), a.integrity(),
                        a.schemaVersion());
                if (sessions.isEmpty()) {
                    w.println("No rollback exports in " + manager.dataDir().rollback() + ".");
                }
                for (Map<String, Object> m : sessions) {
                    SnapshotManifest newest = (SnapshotManifest) m.get("newestSnapshot");
                    w.printf("%-8s %s%n         made %s from %s; %s snapshot(s)%s%s%n", m.get("state"), m.get("folder"),
                            m.get("createdAt"), m.get("source"), m.get("snapshots"),
                            newest == null ? "" : ", newest " + newest.savedAt(),
                            m.get("returnedAt") == null ? "" : "; returned " + m.get("returnedAt"));
                }
            }
            w.flush();
            return Cli.OK;
        }
    }

    /** {@code rollback cleanup --keep N}. */
    @Command(name = "cleanup", mixinStandardHelpOptions = true,
            description = "Keep the newest N snapshots of each rollback export and the newest N returned exports; remove "
                    + "refused attempts. The export an active session started from is never removed.")
    static final class Cleanup implements Callable<Integer> {
        @ParentCommand
        RollbackCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--keep", required = true, paramLabel = "N", description = "How many to keep (at least 1).")
        int keep;

        @Override
        public Integer call() {
            List<Path> removed = parent.manager().cleanup(keep);
            PrintWriter w = spec.commandLine().getOut();
            removed.forEach(p -> w.println("removed " + p));
            w.printf("Removed %d item(s).%n", removed.size());
            w.flush();
            return Cli.OK;
        }
    }

    /** {@code rollback return}: the way back to native. */
    @Command(name = "return", mixinStandardHelpOptions = true,
            description = "Merge the active rollback session's newest snapshot back into the native store: verifies the "
                    + "snapshot, backs the store up, merges against the export (conflicts are reported, never "
                    + "overwritten), verifies the result. The app must be closed.")
    static final class Return implements Callable<Integer> {
        @ParentCommand
        RollbackCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--session", paramLabel = "DIR", description = "This rollback folder instead of the active one.")
        Path session;
        @Option(names = "--snapshot", paramLabel = "FILE", description = "First keep FILE (a database saved by the web UI "
                + "in a browser) as the session's newest snapshot; it must be a sound copy of this export.")
        Path snapshot;

        @Override
        public Integer call() {
            RollbackManager manager = parent.manager();
            RollbackSession s = session != null ? RollbackSession.read(session.toAbsolutePath().normalize())
                    : manager.active().orElseThrow(() -> new dev.isometry.safety.RollbackException("There is no active "
                    + "rollback session in " + manager.dataDir().rollback() + ".",
                    dev.isometry.safety.RollbackException.NOT_FOUND, null));
            if (snapshot != null) {
                byte[] bytes;
                try {
                    bytes = java.nio.file.Files.readAllBytes(snapshot);
                } catch (java.io.IOException e) {
                    throw new dev.isometry.safety.RollbackException("Cannot read " + snapshot + ": " + e.getMessage());
                }
                String sha;
                try {
                    sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
                s.snapshots().save(bytes, sha); // refused (41) unless it is a sound database of this export
            }
            RollbackReport r = new RollbackReturn(manager.dataDir(), AppVersion.get()).run(s);
            PrintWriter w = spec.commandLine().getOut();
            printReport(w, r);
            w.printf("Report: %s%n", s.folder().resolve("return-report.txt"));
            w.flush();
            return Cli.OK;
        }
    }
}
