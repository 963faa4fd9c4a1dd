package dev.isometry.bridge;

import java.time.Duration;
import java.util.Locale;

/**
 * What the {@link FaultInjector} breaks, for tests and the {@code --fault-injection} development flag.
 * Fractions are probabilities per message, from 0 to 1. Immutable; build with {@link #builder()},
 * {@link #none()} or {@link #parse(String)}.
 *
 * @param dropRequests fraction of requests dropped on arrival (never handled, never answered)
 * @param dropReplies  fraction of replies dropped after handling (the request did run)
 * @param failHandlers fraction of handlers that throw after doing their work (a write rolls back)
 * @param delayed      fraction of requests held before handling
 * @param maxDelay     the longest hold (uniform from zero)
 * @param reloadEvery  how often the app reloads its page; zero for never
 */
public record FaultPlan(double dropRequests, double dropReplies, double failHandlers, double delayed,
                        Duration maxDelay, Duration reloadEvery) {

    public FaultPlan {
        for (double f : new double[] {dropRequests, dropReplies, failHandlers, delayed}) {
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("fault fractions must be between 0 and 1, got " + f);
            }
        }
        if (maxDelay.isNegative() || reloadEvery.isNegative()) {
            throw new IllegalArgumentException("fault durations must not be negative");
        }
    }

    public static FaultPlan none() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True when this plan breaks anything. */
    public boolean active() {
        return dropRequests > 0 || dropReplies > 0 || failHandlers > 0 || (delayed > 0 && !maxDelay.isZero())
                || !reloadEvery.isZero();
    }

    /**
     * Reads a plan written as {@code drop-requests=0.2,drop-replies=0.2,fail=0.05,delay=0.1,max-delay-ms=200,
     * reload-every-s=30}; keys may be left out (zero).
     *
     * @throws IllegalArgumentException for an unknown key or a bad value
     */
    public static FaultPlan parse(String spec) {
        Builder b = builder();
        if (spec == null || spec.isBlank()) {
            return b.build();
        }
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected key=value in the fault plan, got \"" + part.trim() + "\"");
            }
            String key = kv[0].trim().toLowerCase(Locale.ROOT);
            double v;
            try {
                v = Double.parseDouble(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number for " + key + ": " + kv[1].trim(), e);
            }
            switch (key) {
                case "drop-requests" -> b.dropRequests(v);
                case "drop-replies" -> b.dropReplies(v);
                case "fail" -> b.failHandlers(v);
                case "delay" -> b.delayed(v);
                case "max-delay-ms" -> b.maxDelay(Duration.ofMillis((long) v));
                case "reload-every-s" -> b.reloadEvery(Duration.ofMillis((long) (v * 1000)));
                default -> throw new IllegalArgumentException("unknown fault \"" + key + "\" (known: drop-requests, "
                        + "drop-replies, fail, delay, max-delay-ms, reload-every-s)");
            }
        }
        return b.build();
    }

    /** Builder for {@link FaultPlan}. Not thread-safe. */
    public static final class Builder {
        private double dropRequests;
        private double dropReplies;
        private double failHandlers;
        private double delayed;
        private Duration maxDelay = Duration.ZERO;
        private Duration reloadEvery = Duration.ZERO;

        public Builder dropRequests(double f) {
            this.dropRequests = f;
            return this;
        }

        public Builder dropReplies(double f) {
            this.dropReplies = f;
            return this;
        }

        public Builder failHandlers(double f) {
            this.failHandlers = f;
            return this;
        }

        public Builder delayed(double f) {
            this.delayed = f;
            return this;
        }

        public Builder maxDelay(Duration d) {
            this.maxDelay = d;
            return this;
        }

        public Builder reloadEvery(Duration d) {
            this.reloadEvery = d;
            return this;
        }

        public FaultPlan build() {
            return new FaultPlan(dropRequests, dropReplies, failHandlers, delayed, maxDelay, reloadEvery);
        }
    }
}
