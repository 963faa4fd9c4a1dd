package dev.isometry.core;

import java.util.List;

/**
 * What an import or export did: cards created ({@code imported}) or written, cards updated in place,
 * connections made, the problems met per file, and whether it was cancelled. Immutable.
 */
public record TransferReport(long imported, long updated, long unchanged, long connections,
                             List<TransferProblem> problems, boolean cancelled) {
    public TransferReport {
        problems = List.copyOf(problems);
    }
}
