package dev.isometry.bridge;

import dev.isometry.core.TransferListener;
import dev.isometry.core.TransferProblem;
import dev.isometry.core.TransferReport;
import dev.isometry.core.ValidationException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long jobs the page starts (imports, exports): each runs in the background and reports progress as
 * {@code job} events (at most every 100 ms, plus the final one with the outcome), and can be
 * cancelled. Thread-safe.
 */
public final class Jobs {
    private static final Logger log = LoggerFactory.getLogger(Jobs.class);
    private static final long MIN_EVENT_NANOS = 100_000_000L;
    /** Most problems sent to the page in one event; the log has them all. */
    static final int MAX_PROBLEMS = 500;

    /** The body of a job. */
    @FunctionalInterface
    public interface Work {
        TransferReport run(TransferListener listener) throws IOException;
    }

    /** What a {@code job} event carries. */
    public record JobEvent(String jobId, String kind, String phase, long done, long total, boolean finished,
                           boolean cancelled, String failed, long imported, long updated, long unchanged,
                           long connections, List<TransferProblem> errors) {
    }

    private final Executor executor;
    private final EventHub events;
    private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();

    public Jobs(Executor executor, EventHub events) {
        this.executor = executor;
        this.events = events;
    }

    /** Starts {@code work} and returns its id. */
    public String start(String kind, Work work) {
        String id = UUID.randomUUID().toString();
        AtomicBoolean cancel = new AtomicBoolean();
        running.put(id, cancel);
        executor.execute(() -> run(id, kind, work, cancel));
        return id;
    }

    public void cancel(String jobId) {
        AtomicBoolean flag = running.get(jobId);
        if (flag == null) {
            throw new ValidationException("no running job " + jobId + " (it may have finished)");
        }
        flag.set(true);
    }

    private void run(String id, String kind, Work work, AtomicBoolean cancel) {
        long[] last = {0};
        String[] lastPhase = {""};
        TransferListener listener = new TransferListener() {
            @Override
            public void progress(String phase, long done, long total) {
                long now = System.nanoTime();
                if (!phase.equals(lastPhase[0]) || now - last[0] >= MIN_EVENT_NANOS) {
                    last[0] = now;
                    lastPhase[0] = phase;
                    events.publish("job", new JobEvent(id, kind, phase, done, total, false, false, null, 0, 0, 0, 0,
                            List.of()));
                }
            }

            @Override
            public boolean cancelled() {
                return cancel.get();
            }
        };
        try {
            TransferReport r = work.run(listener);
            List<TransferProblem> problems = r.problems().size() > MAX_PROBLEMS
                    ? r.problems().subList(0, MAX_PROBLEMS) : r.problems();
            long all = r.imported() + r.updated() + r.unchanged();
            events.publish("job", new JobEvent(id, kind, r.cancelled() ? "cancelled" : "done", all, all, true,
                    r.cancelled(), null, r.imported(), r.updated(), r.unchanged(), r.connections(), problems));
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof ValidationException || e instanceof IOException
                    ? describe(e) : "unexpected failure; details are in the log";
            log.error("Job {} ({}) failed", id, kind, e);
            events.publish("job", new JobEvent(id, kind, "failed", 0, 0, true, false, reason, 0, 0, 0, 0, List.of()));
        } finally {
            running.remove(id);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException nsf) {
            return "no such file or folder: " + nsf.getFile();
        }
        if (e instanceof java.nio.file.AccessDeniedException ade) {
            return "not allowed to read or write " + ade.getFile();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
