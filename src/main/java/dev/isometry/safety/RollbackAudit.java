package dev.isometry.safety;

import dev.isometry.model.Timestamps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Collects the steps of one rollback operation as they run, timing each, and builds its
 * {@link RollbackReport}. Not thread-safe: one operation, one thread.
 */
final class RollbackAudit {
    private final String operation;
    private final String dataDir;
    private final String startedAt = Timestamps.now();
    private final long start = System.nanoTime();
    private final List<RollbackStep> steps = new ArrayList<>();
    private final Map<String, Object> facts = new LinkedHashMap<>();

    RollbackAudit(String operation, String dataDir) {
        this.operation = operation;
        this.dataDir = dataDir;
    }

    /** Runs {@code work} as the step {@code name}; a failure is recorded and rethrown. */
    <T> T step(String name, Supplier<T> work, Function<T, String> detail) {
        String at = Timestamps.now();
        long t0 = System.nanoTime();
        try {
            T result = work.get();
            steps.add(new RollbackStep(name, true, detail.apply(result), at, (System.nanoTime() - t0) / 1_000_000));
            return result;
        } catch (RuntimeException e) {
            steps.add(new RollbackStep(name, false, String.valueOf(e.getMessage()), at,
                    (System.nanoTime() - t0) / 1_000_000));
            throw e;
        }
    }

    void add(RollbackStep step) {
        steps.add(step);
    }

    void fact(String key, Object value) {
        facts.put(key, value);
    }

    RollbackReport finish(String outcome, String summary) {
        return new RollbackReport(operation, dataDir, outcome, summary, startedAt, (System.nanoTime() - start) / 1_000_000,
                steps, facts);
    }
}
