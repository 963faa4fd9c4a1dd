package dev.isometry.app.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The JIT compilers' activity, for benchmarks: on two cores the compiler threads, still busy with a path
 * just run, take the CPU from the threads being measured for milliseconds at a time.
 */
public final class Jit {
    private Jit() {
    }

    /** Milliseconds the JIT compilers have spent so far (-1 when the JVM does not say). */
    public static long compileMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit == null || !jit.isCompilationTimeMonitoringSupported() ? -1 : jit.getTotalCompilationTime();
    }

    /** Waits until the JIT compilers have been idle for 300 ms, at most 10 s. */
    public static void awaitQuiet() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long total = jit.getTotalCompilationTime();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            long now = jit.getTotalCompilationTime();
            if (now != total) {
                total = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= TimeUnit.MILLISECONDS.toNanos(300)) {
                return;
            }
        }
    }
}
