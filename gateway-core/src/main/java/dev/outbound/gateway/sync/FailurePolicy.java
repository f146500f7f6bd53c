package dev.outbound.gateway.sync;

/** What a sync run does when a record fails. Immutable and thread-safe. */
public enum FailurePolicy {
    /** Keep going: the failed record is kept in the result and the run can still end {@link SyncOutcome#PARTIAL}. */
    SKIP_FAILED_RECORDS,
    /** Stop at the first failed record: the run halts and ends {@link SyncOutcome#FAILED}. */
    HALT_ON_FIRST_FAILURE
}
