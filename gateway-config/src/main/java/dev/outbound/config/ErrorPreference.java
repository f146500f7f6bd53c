package dev.outbound.config;

/** What a sync does with a record that fails to filter, map or send. */
public enum ErrorPreference {
    /** Keep the failed record with its error, and go on with the rest. Nothing is dropped silently. */
    SKIP_AND_CONTINUE,
    /** Stop the sync at the first failure; the window is not marked done and is retried later. */
    HALT
}
