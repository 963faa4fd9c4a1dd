package dev.isometry.safety;

import dev.isometry.store.DataDir;
import java.nio.file.Path;

/**
 * The program the crash tests run in a child JVM. {@code migrate DIR [STATE]}: runs the safe upgrade,
 * printing {@code STATE x} as each state is journaled; with a STATE, it stops there (blocked on stdin)
 * so the test can kill it exactly at that boundary. {@code hold-lock DIR}: takes the store lock, prints
 * {@code LOCKED} and waits to be killed.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        DataDir dir = new DataDir(Path.of(args[1]));
        switch (args[0]) {
            case "hold-lock" -> {
                try (StoreLock lock = StoreLock.acquire(dir)) {
                    System.out.println("LOCKED");
                    System.out.flush();
                    System.in.read();
                }
            }
            case "migrate" -> {
                MigrationState stopAt = args.length > 2 ? MigrationState.valueOf(args[2]) : null;
                SafeMigrator.shipped(dir, Backups.of(dir, "crash-test")).migrate(new MigrationListener() {
                    @Override
                    public void state(MigrationState state) {
                        System.out.println("STATE " + state);
                        System.out.flush();
                        if (state == stopAt) {
                            try {
                                System.in.read(); // parked here until killed
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                    }
                });
                System.out.println("DONE");
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
