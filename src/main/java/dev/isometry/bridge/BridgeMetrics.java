package dev.isometry.bridge;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Per-command call counts, error counts and handling time. Thread-safe. */
public final class BridgeMetrics {

    /** A snapshot of one command's figures. */
    public record CommandFigures(long calls, long errors, double meanMicros) {
    }

    private static final class Stats {
        final LongAdder calls = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder nanos = new LongAdder();
    }

    private final ConcurrentHashMap<String, Stats> byCommand = new ConcurrentHashMap<>();

    void record(String command, long elapsedNanos, boolean ok) {
        Stats s = byCommand.computeIfAbsent(command == null ? "(unparsed)" : command, k -> new Stats());
        s.calls.increment();
        s.nanos.add(elapsedNanos);
        if (!ok) {
            s.errors.increment();
        }
    }

    public Map<String, CommandFigures> snapshot() {
        Map<String, CommandFigures> out = new TreeMap<>();
        byCommand.forEach((k, s) -> {
            long calls = s.calls.sum();
            out.put(k, new CommandFigures(calls, s.errors.sum(), calls == 0 ? 0 : s.nanos.sum() / 1000.0 / calls));
        });
        return out;
    }
}
