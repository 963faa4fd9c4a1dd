package dev.isometry.bridge;

/**
 * Size limits of bridge messages. Build with {@link #builder()} or take {@link #ofDefaults()}.
 * Immutable.
 *
 * @param maxMessageChars longest request accepted (longer: TOO_LARGE, nothing parsed)
 * @param maxDepth        deepest JSON nesting accepted
 * @param maxIdChars      longest request id
 */
public record BridgeLimits(int maxMessageChars, int maxDepth, int maxIdChars) {

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

        public BridgeLimits build() {
            return new BridgeLimits(maxMessageChars, maxDepth, maxIdChars);
        }
    }
}
