package dev.outbound.gateway.sync;

import java.util.Locale;

/** How a sync run ended. Immutable and thread-safe. */
public enum SyncOutcome {
    /** Every record succeeded or was skipped on purpose; none failed. */
    SUCCEEDED,
    /** The run completed, but some records failed (and were skipped). */
    PARTIAL,
    /** The run halted, was aborted, ended without being completed, or no record got through. */
    FAILED;

    /** Lower-case name for logs, JSON and metric tags. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the run got the data through (succeeded or partial): what "last successful sync" counts. */
    public boolean completed() {
        return this != FAILED;
    }
}
