package dev.isometry.bridge;

import java.time.Duration;

/**
 * Size limits of bridge messages. Build with {@link #builder()} or take {@link #ofDefaults()}.
 * Immutable.
 *
 * @param maxMessageChars longest request accepted (longer: TOO_LARGE, nothing parsed)
 * @param maxDepth        deepest JSON nesting accepted
 * @param maxIdChars      longest request id
 * @param handlerTimeout  longest a handler may run before the reply is TIMEOUT (shorter than the page's
 *                        own timeouts, so the page hears why); a write that finishes later still commits,
 *                        and its retry gets the recorded reply
 */
public record BridgeLimits(int maxMessageChars, int maxDepth, int maxIdChars, Duration handlerTimeout) {

    /** The limits without a handler timeout of their own (the default applies). */
    public BridgeLimits(int maxMessageChars, int maxDepth, int maxIdChars) {
        this(maxMessageChars, maxDepth, maxIdChars, Builder.DEFAULT_HANDLER_TIMEOUT);
    }

    public static BridgeLimits ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link BridgeLimits}. Not thread-safe. */
    public static final class Builder {
        private int maxMessageChars = 16 * 1024 * 1024;
        private int maxDepth = 32;
        private int maxIdChars = 64;
        static final Duration DEFAULT_HANDLER_TIMEOUT = Duration.ofSeconds(8);
        private Duration handlerTimeout = DEFAULT_HANDLER_TIMEOUT;

        public Builder maxMessageChars(int n) {
            this.maxMessageChars = n;
            return this;
        }

        public Builder maxDepth(int n) {
            this.maxDepth = n;
            return this;
        }

        public Builder maxIdChars(int n) {
            this.maxIdChars = n;
            return this;
        }

        public Builder handlerTimeout(Duration d) {
            this.handlerTimeout = d;
            return this;
        }

        public BridgeLimits build() {
            return new BridgeLimits(maxMessageChars, maxDepth, maxIdChars, handlerTimeout);
        }
    }
}
