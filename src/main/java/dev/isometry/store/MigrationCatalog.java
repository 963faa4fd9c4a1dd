package dev.isometry.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migrations shipped in {@code db/migration/} on the classpath, listed in order by
 * {@code db/migration/index}. Immutable once loaded; thread-safe.
 */
public final class MigrationCatalog {
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");
    private final List<Migration> migrations;

    private MigrationCatalog(List<Migration> migrations) {
        this.migrations = List.copyOf(migrations);
    }

    /** The catalog shipped with the app. */
    public static MigrationCatalog shipped() {
        return load("db/migration/");
    }

    static MigrationCatalog load(String base) {
        String index = resource(base + "index");
        List<Migration> list = new ArrayList<>();
        for (String line : index.split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new StoreException("Bad migration file name in the catalog: " + name);
            }
            int version = Integer.parseInt(m.group(1));
            if (version != list.size() + 1) {
                throw new StoreException("Migration " + name + " is out of sequence (expected V" + (list.size() + 1) + ")");
            }
            String script = resource(base + name);
            list.add(new Migration(version, "V" + version + "__" + m.group(2),
                    m.group(2).replace('_', ' '), script, checksum(script)));
        }
        return new MigrationCatalog(list);
    }

    public List<Migration> all() {
        return migrations;
    }

    /** A catalog of the given migrations, which must be numbered 1, 2, 3... in order (tests, tools). */
    public static MigrationCatalog of(List<Migration> migrations) {
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new StoreException("Migration " + migrations.get(i).id() + " is out of sequence");
            }
        }
        return new MigrationCatalog(migrations);
    }

    /** The first {@code version} migrations: what an older release shipped (tests, upgrade paths). */
    public MigrationCatalog upTo(int version) {
        if (version < 0 || version > migrations.size()) {
            throw new IllegalArgumentException("no schema version " + version + " in this catalog");
        }
        return new MigrationCatalog(migrations.subList(0, version));
    }

    /** The migration that reaches {@code version}. */
    public Migration get(int version) {
        return migrations.get(version - 1);
    }

    /** The schema version a fresh install reaches. */
    public int latestVersion() {
        return migrations.size();
    }

    /** SHA-256 of the script with CRLF/CR turned into LF and trailing white space dropped per line. */
    public static String checksum(String script) {
        StringBuilder normalized = new StringBuilder(script.length());
        for (String line : script.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
            normalized.append(line.stripTrailing()).append('\n');
        }
        String text = normalized.toString().strip();
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = MigrationCatalog.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new StoreException("Missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("Cannot read resource " + path, e);
        }
    }
}
