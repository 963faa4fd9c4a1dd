package dev.isometry.app.bench;

import dev.isometry.model.CardChanges;
import dev.isometry.model.CardField;
import dev.isometry.model.CardType;
import dev.isometry.safety.BackupKind;
import dev.isometry.safety.Backups;
import dev.isometry.safety.MigrationListener;
import dev.isometry.safety.MigrationResult;
import dev.isometry.safety.SafeMigrator;
import dev.isometry.safety.StartupReport;
import dev.isometry.safety.StartupValidator;
import dev.isometry.safety.ValidationDepth;
import dev.isometry.store.DataDir;
import dev.isometry.store.MigrationCatalog;
import dev.isometry.store.MigrationRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The safety figures of {@code isometry bench}, on a generated version-1 store of 100,000 cards
 * (~100 MB with its search index): start-up validation, a backup (copied while the store is still, and the
 * way a running app makes one), and the whole safe upgrade (backup,
 * a copy of it upgraded and verified beside the backup's checks, the copy swapped in); then a backup of the upgraded store, whose search index (without
 * the version-1 prefix tables) is the one current stores have. Each figure is the median of a few runs on fresh copies. Not
 * thread-safe; run once.
 */
public final class SafetyBench {
    static final int CARDS = 100_000;

    private SafetyBench() {
    }

    /** Runs in {@code tmp} and returns the named figures. */
    public static Map<String, Number> run(Path tmp, boolean quick, Consumer<String> progress) throws Exception {
        Map<String, Number> figures = new LinkedHashMap<>();
        progress.accept("generating a version-1 store of " + CARDS + " cards");
        Files.createDirectories(tmp);
        Path template = tmp.resolve("safety-template.db");
        generate(template);
        figures.put("safety.store_mb", Math.round(Files.size(template) / 1048576.0));
        int rounds = quick ? 1 : 3;
        long[] validate = new long[rounds * 3];
        long[] backup = new long[rounds];
        long[] migrate = new long[rounds];
        long[] backupCurrent = new long[rounds];
        long[] backupInUse = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            DataDir dir = new DataDir(tmp.resolve("safety-" + i)).prepare();
            Files.copy(template, dir.database());
            progress.accept("start-up validation, backup and safe upgrade, round " + (i + 1) + " of " + rounds);
            for (int j = 0; j < 3; j++) {
                StartupReport r = StartupValidator.shipped().validate(dir, ValidationDepth.QUICK);
                validate[i * 3 + j] = r.durationMs();
            }
            Backups backups = Backups.of(dir, "bench");
            long t = System.nanoTime();
            backups.create(BackupKind.MANUAL);
            backup[i] = (System.nanoTime() - t) / 1_000_000;
            // The way a running app backs up (VACUUM INTO, never holding its writes up).
            t = System.nanoTime();
            backups.createWhileInUse(BackupKind.MANUAL);
            backupInUse[i] = (System.nanoTime() - t) / 1_000_000;
            t = System.nanoTime();
            MigrationResult m = SafeMigrator.shipped(dir, backups).migrate(MigrationListener.none());
            migrate[i] = (System.nanoTime() - t) / 1_000_000;
            progress.accept("safe upgrade phases (ms): " + m.phasesMs());
            // The same store at the current version: the daily backup people's stores get.
            t = System.nanoTime();
            backups.create(BackupKind.MANUAL);
            backupCurrent[i] = (System.nanoTime() - t) / 1_000_000;
        }
        figures.put("startup.validate_100mb_ms", median(validate));
        figures.put("backup.100mb_ms", median(backup));
        figures.put("migrate.safe_100mb_s", Math.round(median(migrate) / 100.0) / 10.0);
        figures.put("backup.100mb_current_ms", median(backupCurrent));
        figures.put("backup.100mb_in_use_ms", median(backupInUse));
        return figures;
    }

    /** A version-1 store with {@link #CARDS} generated cards (Zipf-distributed words, as in the search figure). */
    static void generate(Path db) throws Exception {
        generate(db, CARDS);
    }

    /** A version-1 store of {@code cards} generated cards (about 1 KB each with the search index). */
    public static void generate(Path db, int cards) throws Exception {
        CardGenerator gen = new CardGenerator(42, 20_000);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
            }
            new MigrationRunner(MigrationCatalog.shipped().upTo(1)).migrate(c);
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cards (id, card_type, name, content, summary, "
                    + "folder, tags, created_at, modified_at) VALUES (?,?,?,?,?,?,?,?,?)")) {
                for (int i = 0; i < cards; i++) {
                    CardChanges card = gen.next();
                    String at = "2026-01-01T00:00:00.000Z";
                    ps.setString(1, UUID.randomUUID().toString());
                    ps.setString(2, card.get(CardField.CARD_TYPE) instanceof CardType t ? t.wireName()
                            : String.valueOf(card.get(CardField.CARD_TYPE)));
                    ps.setString(3, String.valueOf(card.get(CardField.NAME)));
                    ps.setString(4, shorter(String.valueOf(card.get(CardField.CONTENT))));
                    ps.setString(5, (String) card.get(CardField.SUMMARY));
                    ps.setString(6, (String) card.get(CardField.FOLDER));
                    ps.setString(7, tags(card.get(CardField.TAGS)));
                    ps.setString(8, at);
                    ps.setString(9, at);
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
    }

    /** The generator's notes run 40-160 words; about 45 keep the store near the 100 MB the figures are named for. */
    private static String shorter(String content) {
        int cut = content.indexOf(' ', Math.min(content.length(), 300));
        return cut < 0 ? content : content.substring(0, cut);
    }

    private static String tags(Object v) {
        if (!(v instanceof List<?> list)) {
            return "[]";
        }
        StringBuilder sb = new StringBuilder("[");
        for (Object o : list) {
            sb.append(sb.length() > 1 ? "," : "").append('"').append(String.valueOf(o).replace("\"", "")).append('"');
        }
        return sb.append(']').toString();
    }

    private static long median(long[] xs) {
        long[] s = xs.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }
}
