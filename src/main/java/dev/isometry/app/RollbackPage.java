package dev.isometry.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Objects;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Where the page is loaded from in each mode. Native mode loads {@code web/index.html} where it is (in
 * the jar, or the classes folder in development). Rollback mode needs {@code index.html?mode=rollback}
 * from a {@code file:} folder: WebKit neither loads a {@code jar:} URL with a query nor lets a page from a
 * jar fetch a {@code file:} URL (the database) — both measured, decision 40 — so from a jar the bundled
 * {@code web/} folder is first copied out (afresh each time) into {@code rollback/web/}. Stateless.
 */
final class RollbackPage {
    static final String QUERY = "?mode=rollback";

    private RollbackPage() {
    }

    static URL nativePage() {
        return Objects.requireNonNull(RollbackPage.class.getResource("/web/index.html"),
                "the web UI is missing from the build (web/index.html)");
    }

    /** The rollback page's URL; copies the web UI out of the jar into {@code extractTo} when it is in one. */
    static URL rollbackPage(Path extractTo) {
        URL page = nativePage();
        try {
            if ("jar".equals(page.getProtocol())) {
                extract(page, extractTo);
                return new URL(extractTo.resolve("index.html").toUri() + QUERY);
            }
            return new URL(page.toExternalForm() + QUERY);
        } catch (MalformedURLException e) {
            throw new IllegalStateException("the rollback page's URL is malformed", e);
        } catch (IOException e) {
            throw new UncheckedIOException("The web UI could not be prepared for rollback mode in " + extractTo + ": "
                    + e.getMessage(), e);
        }
    }

    private static void extract(URL page, Path to) throws IOException {
        if (Files.exists(to)) {
            try (var walk = Files.walk(to)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(to);
        JarURLConnection conn = (JarURLConnection) page.openConnection();
        conn.setUseCaches(false);
        try (JarFile jar = conn.getJarFile()) {
            for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
                JarEntry e = en.nextElement();
                if (!e.getName().startsWith("web/") || e.isDirectory()) {
                    continue;
                }
                Path target = to.resolve(e.getName().substring("web/".length())).normalize();
                if (!target.startsWith(to)) {
                    continue; // never write outside the folder, whatever an entry is called
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = jar.getInputStream(e)) {
                    Files.copy(in, target);
                }
            }
        }
    }
}
