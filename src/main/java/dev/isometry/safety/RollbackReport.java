package dev.isometry.safety;

import dev.isometry.store.AtomicFiles;
import dev.isometry.store.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The audit report of a rollback operation (entering, exporting, returning): each step with its timing
 * and outcome, written as JSON for scripts and as text for people ({@code <name>.json} and
 * {@code <name>.txt}). Immutable.
 *
 * @param operation  enter, export or return
 * @param dataDir    the data folder
 * @param outcome    SUCCEEDED, REFUSED or FAILED
 * @param summary    one sentence for a person
 * @param startedAt  when it began
 * @param totalMs    how long it took in all
 * @param steps      in order
 * @param facts      what a support person will want at hand (ids, hashes, counts, conflicts)
 */
public record RollbackReport(String operation, String dataDir, String outcome, String summary, String startedAt,
                             long totalMs, List<RollbackStep> steps, Map<String, Object> facts) {

    public RollbackReport {
        steps = List.copyOf(steps);
        facts = facts == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(facts));
    }

    /** This report with one more step at the end (e.g. the page's timing, added by the app). */
    public RollbackReport with(RollbackStep step) {
        List<RollbackStep> all = new ArrayList<>(steps);
        all.add(step);
        return new RollbackReport(operation, dataDir, outcome, summary, startedAt, totalMs + step.durationMs(), all,
                facts);
    }

    /** Writes {@code <name>.json} and {@code <name>.txt} into {@code folder}, atomically each. */
    public void write(Path folder, String name) {
        try {
            AtomicFiles.write(folder.resolve(name + ".json"), Json.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(this));
            AtomicFiles.write(folder.resolve(name + ".txt"), text().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RollbackException("The report could not be written to " + folder + ": " + e.getMessage(),
                    RollbackException.FAILED, e);
        }
    }

    public static RollbackReport read(Path file) {
        try {
            return Json.mapper().readValue(Files.readAllBytes(file), RollbackReport.class);
        } catch (IOException e) {
            throw new RollbackException("The report " + file + " cannot be read: " + e.getMessage(),
                    RollbackException.FAILED, e);
        }
    }

    private static String plain(Object v) {
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            try {
                return Json.mapper().writeValueAsString(v);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return String.valueOf(v);
            }
        }
        return String.valueOf(v);
    }

    /** The human-readable form. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("Isometry rollback report: ").append(operation).append('\n');
        b.append("Outcome:   ").append(outcome).append(" — ").append(summary).append('\n');
        b.append("Data:      ").append(dataDir).append('\n');
        b.append("Started:   ").append(startedAt).append(" (").append(totalMs).append(" ms in all)\n\nSteps:\n");
        for (RollbackStep s : steps) {
            b.append(String.format("  %-4s %-10s %7d ms  %s%n", s.ok() ? "ok" : "FAIL", s.name(), s.durationMs(),
                    s.detail()));
        }
        if (!facts.isEmpty()) {
            b.append("\nFacts:\n");
            facts.forEach((k, v) -> b.append("  ").append(k).append(": ").append(plain(v)).append('\n'));
        }
        return b.toString();
    }
}
