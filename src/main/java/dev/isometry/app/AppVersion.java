package dev.isometry.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this build, read once from {@code isometry.properties}. Thread-safe. */
public enum AppVersion {
    ;

    private static final String VERSION = load();

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = AppVersion.class.getClassLoader().getResourceAsStream("isometry.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
