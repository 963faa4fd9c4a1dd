package dev.isometry.store;

import java.time.Duration;

/**
 * How a {@link Database} is opened. Build with {@link #builder()} or take {@link #ofDefaults()}.
 * Immutable.
 *
 * @param readers       reader connections kept open beside the one writer
 * @param busyTimeout   how long SQLite itself waits on a lock before reporting SQLITE_BUSY
 * @param busyRetryFor  how long a busy write or read is retried (jittered backoff) after that
 * @param readOnly      open without a writer: no migrations, every write refused
 * @param groupWrites   at most this many waiting writes are committed as one transaction (1: each alone)
 * @param groupFor      a group takes no more writes once it has run this long, so the first write of a
 *                      group never waits long for later ones
 */
public record DatabaseConfig(int readers, Duration busyTimeout, Duration busyRetryFor, boolean readOnly,
                             int groupWrites, Duration groupFor) {

    public DatabaseConfig {
        if (readers < 1 || readers > 16) {
            throw new IllegalArgumentException("readers must be 1..16");
        }
        if (groupWrites < 1 || groupWrites > 10_000) {
            throw new IllegalArgumentException("groupWrites must be 1..10000");
        }
        if (groupFor.isNegative()) {
            throw new IllegalArgumentException("groupFor must not be negative");
        }
    }

    public static DatabaseConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link DatabaseConfig}. Not thread-safe. */
    public static final class Builder {
        private int readers = 3;
        private Duration busyTimeout = Duration.ofSeconds(2);
        private Duration busyRetryFor = Duration.ofSeconds(10);
        private boolean readOnly;
        private int groupWrites = 64;
        private Duration groupFor = Duration.ofMillis(10);

        public Builder readers(int n) {
            this.readers = n;
            return this;
        }

        public Builder busyTimeout(Duration d) {
            this.busyTimeout = d;
            return this;
        }

        public Builder busyRetryFor(Duration d) {
            this.busyRetryFor = d;
            return this;
        }

        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        public Builder groupWrites(int n) {
            this.groupWrites = n;
            return this;
        }

        public Builder groupFor(Duration d) {
            this.groupFor = d;
            return this;
        }

        public DatabaseConfig build() {
            return new DatabaseConfig(readers, busyTimeout, busyRetryFor, readOnly, groupWrites, groupFor);
        }
    }
}
