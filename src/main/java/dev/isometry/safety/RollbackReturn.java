package dev.isometry.safety;

import dev.isometry.model.Timestamps;
import dev.isometry.store.AtomicFiles;
import dev.isometry.store.DataDir;
import dev.isometry.store.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way back from rollback mode: the session's newest snapshot (or its export, if nothing was saved)
 * is verified, the native store is checked and backed up, then rollback mode's changes are merged into it
 * against the export they started from — three-way, in one transaction, checked before it commits
 * (integrity, foreign keys, search index, every applied row equal to the snapshot's). Rows both sides
 * changed are reported as conflicts and the native row is kept. A snapshot that fails its checks is never
 * merged. Thread-safe: each run works on its own connection, under the store lock.
 */
public final class RollbackReturn {
    private static final Logger log = LoggerFactory.getLogger(RollbackReturn.class);
    /** Merged tables and their keys, in the order rows are inserted (cards before what refers to them). */
    private static final String[][] TABLES = {{"cards", "id"}, {"connections", "id"}, {"settings", "key"}};

    private final DataDir dir;
    private final String appVersion;

    public RollbackReturn(DataDir dir, String appVersion) {
        this.dir = dir;
        this.appVersion = appVersion;
    }

    /**
     * Merges {@code session} back into the native store and marks it RETURNED; writes
     * {@code return-report.json/.txt} (and {@code conflicts.json} when there are conflicts) into its folder.
     *
     * @throws RollbackException when a check refuses (nothing changed) or the merge failed (rolled back)
     */
    public RollbackReport run(RollbackSession session) {
        RollbackAudit audit = new RollbackAudit("return", dir.root().toString());
        try {
            RollbackReport report = merge(session, audit);
            report.write(session.folder(), "return-report");
            return report;
        } catch (RuntimeException e) {
            audit.finish("FAILED", String.valueOf(e.getMessage())).write(session.folder(), "return-report");
            throw e;
        }
    }

    private RollbackReport merge(RollbackSession session, RollbackAudit audit) {
        if (!session.active()) {
            throw new RollbackException("The rollback session in " + session.folder() + " is " + session.state()
                    + "; only an active session can return to native.");
        }
        RollbackManifest base = audit.step("export", () -> RollbackExporter.verify(session.folder()),
                m -> "the export base " + m.file() + " matches its manifest");
        RollbackSnapshots snaps = session.snapshots();
        Path snapshot = audit.step("snapshot", () -> snaps.latest().map(m -> snaps.fileOf(snaps.verify(m)))
                .orElse(session.exportFile()), p -> p.getFileName() + " passes integrity_check and its SHA-256 matches");
        try (StoreLock lock = audit.step("lock", () -> StoreLock.acquire(dir), l -> "the store is not in use elsewhere")) {
            StartupReport native_ = audit.step("native", () -> StartupValidator.shipped().validate(dir,
                    ValidationDepth.QUICK, true), r -> r.status() + ": " + r.reason());
            if (!native_.ready() || native_.fresh()) {
                throw new RollbackException("The native store is not ready (" + native_.status() + ": " + native_.reason()
                        + "); fix or restore it first, then return. Nothing was changed.", native_.exitCode(), null);
            }
            if (native_.storeVersion() != base.schemaVersion()) {
                throw new RollbackException("The native store is at schema version " + native_.storeVersion()
                        + " but the rollback export is at " + base.schemaVersion() + "; they cannot be merged. Nothing "
                        + "was changed.");
            }
            if (snapshot.equals(session.exportFile())) {
                audit.step("merge", () -> "rollback mode saved no changes; there is nothing to merge", x -> x);
                session.withState(RollbackSession.RETURNED, Timestamps.now());
                return audit.finish("SUCCEEDED", "Rollback mode saved no changes (cards: 0 added, 0 changed, 0 deleted); "
                        + "the native store was left as it is.");
            }
            Backups backups = Backups.of(dir, appVersion);
            BackupManifest backup = audit.step("backup", () -> backups.create(BackupKind.PRE_ROLLBACK),
                    m -> "backed up to " + m.file() + " (SHA-256 " + m.sha256() + ")");
            audit.fact("backup", backups.fileOf(backup).toString());
            List<RollbackConflict> conflicts = new ArrayList<>();
            String counts = audit.step("merge", () -> apply(session.exportFile(), snapshot, conflicts), s -> s);
            audit.fact("snapshot", snapshot.getFileName().toString());
            audit.fact("conflicts", conflicts.size());
            if (!conflicts.isEmpty()) {
                writeConflicts(session.folder(), conflicts);
                audit.fact("conflictList", conflicts.stream().map(c -> c.table() + " " + c.key()
                        + (c.name() == null ? "" : " (" + c.name() + ")") + ": " + String.join(", ", c.fields())).toList());
            }
            audit.step("verify", () -> StartupValidator.shipped().validate(dir, ValidationDepth.QUICK, true),
                    r -> r.status() + " after the merge");
            session.withState(RollbackSession.RETURNED, Timestamps.now());
            String summary = "Rollback mode's changes are back in the native store (" + counts + ")"
                    + (conflicts.isEmpty() ? "." : "; " + conflicts.size() + " conflict(s) kept the native version "
                    + "and are listed in conflicts.json.");
            log.info("Returned rollback session {} to native: {}", session.exportId(), summary);
            return audit.finish("SUCCEEDED", summary);
        }
    }

    /** Merges in one transaction, verified before commit; returns what it did in words. */
    private String apply(Path base, Path snapshot, List<RollbackConflict> conflicts) {
        try (Connection c = SqliteFiles.open(dir.database(), SqliteFiles.Access.READ_WRITE)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA foreign_keys=ON");
            }
            attach(c, base, "base");
            attach(c, snapshot, "rb");
            c.setAutoCommit(false);
            try {
                StringBuilder said = new StringBuilder();
                List<RollbackMerge> merges = new ArrayList<>();
                List<List<String>> deletions = new ArrayList<>();
                List<RollbackMerge.Outcome> outcomes = new ArrayList<>();
                for (String[] t : TABLES) {
                    RollbackMerge m = new RollbackMerge(c, t[0], t[1]);
                    RollbackMerge.Outcome o = m.merge();
                    merges.add(m);
                    outcomes.add(o);
                    deletions.add(o.deletedKeys());
                    conflicts.addAll(o.conflicts());
                }
                keepCardsLinkedNatively(c, merges.get(0), deletions.get(0), outcomes.get(0), conflicts);
                for (int i = merges.size() - 1; i >= 0; i--) { // what refers to a card goes before the card
                    merges.get(i).delete(deletions.get(i));
                }
                copyHistory(c);
                for (int i = 0; i < merges.size(); i++) {
                    for (String key : outcomes.get(i).applied()) {
                        if (!merges.get(i).matchesRollback(key)) {
                            throw new RollbackException("The merge was undone: " + TABLES[i][0] + " " + key + " did not "
                                    + "come out as rollback mode left it. The native store is as it was.");
                        }
                    }
                }
                for (int i = 0; i < TABLES.length; i++) {
                    RollbackMerge.Outcome o = outcomes.get(i);
                    said.append(i == 0 ? "" : "; ").append(TABLES[i][0]).append(": ").append(o.inserted())
                            .append(" added, ").append(o.updated()).append(" changed, ").append(o.deleted())
                            .append(" deleted");
                }
                verifyBeforeCommit(c);
                c.commit();
                return said.toString();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new RollbackException("The merge failed and was undone; the native store is as it was: "
                    + e.getMessage(), RollbackException.FAILED, e);
        }
    }

    /**
     * A card deleted in rollback mode that gained a connection natively since the export is a conflict, not
     * a deletion: deleting it would take the native connection with it.
     */
    private static void keepCardsLinkedNatively(Connection c, RollbackMerge cards, List<String> deletions,
                                                RollbackMerge.Outcome outcome, List<RollbackConflict> conflicts)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM main.connections WHERE (source_id = ?1 "
                + "OR target_id = ?1 OR via_card_id = ?1) AND id NOT IN (SELECT id FROM base.connections)")) {
            for (java.util.Iterator<String> it = deletions.iterator(); it.hasNext(); ) {
                String id = it.next();
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getLong(1) > 0) {
                        conflicts.add(cards.conflict(id));
                        it.remove();
                        outcome.applied().remove(id);
                    }
                }
            }
        }
    }

    private static void attach(Connection c, Path file, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("ATTACH DATABASE ? AS " + schema)) {
            ps.setString(1, file.toString());
            ps.execute();
        }
    }

    /** History rows rollback mode added (new versions) join the native history; existing ones are kept. */
    private static void copyHistory(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT OR IGNORE INTO main.card_history SELECT * FROM rb.card_history h "
                    + "WHERE EXISTS (SELECT 1 FROM main.cards WHERE id = h.card_id)");
        }
    }

    private static void verifyBeforeCommit(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA main.foreign_key_check")) {
            if (rs.next()) {
                throw new RollbackException("The merge was undone: a row of " + rs.getString(1) + " would refer to a "
                        + "missing " + rs.getString(3) + " row (a card deleted on one side and linked on the other). "
                        + "The native store is as it was.", RollbackException.FAILED, null);
            }
        }
        CheckResult integrity = StoreVerifier.integrity(c, false);
        CheckResult index = StoreVerifier.searchIndex(c);
        if (!integrity.ok() || !index.ok()) {
            throw new RollbackException("The merge was undone because the result did not verify ("
                    + (integrity.ok() ? index.detail() : integrity.detail()) + "). The native store is as it was.",
                    RollbackException.FAILED, null);
        }
    }

    private static void writeConflicts(Path folder, List<RollbackConflict> conflicts) {
        try {
            AtomicFiles.write(folder.resolve("conflicts.json"), Json.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(conflicts));
        } catch (IOException e) {
            throw new RollbackException("The conflicts could not be written: " + e.getMessage(),
                    RollbackException.FAILED, e);
        }
    }
}
