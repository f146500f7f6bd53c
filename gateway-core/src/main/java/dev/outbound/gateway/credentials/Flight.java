package dev.outbound.gateway.credentials;

import dev.outbound.gateway.Credential;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One account's credential work in progress (a store read, possibly a refresh under the lock), run on the manager's
 * executor; every caller that needs its result waits on {@link #result} for no longer than its own deadline. The
 * work writes {@link #phase} as it goes, so a caller that gives up can say which wait ran out.
 */
final class Flight {
    /** What the work is waiting for; the text completes "... within the 2s left before the call's deadline". */
    enum Phase {
        QUEUED("no credential worker became free"),
        STORE_READ("the credential store did not answer"),
        LOCK("the refresh lock was not obtained (held by another node, or its backend is not answering)"),
        TOKEN_ENDPOINT("the token endpoint did not answer"),
        STORE_WRITE("the credential store did not store the refreshed credential"),
        LOCK_RELEASE("the previous refresh did not finish releasing the refresh lock");

        final String didNotHappen;

        Phase(String didNotHappen) {
            this.didNotHappen = didNotHappen;
        }
    }

    final CompletableFuture<Credential> result = new CompletableFuture<>();
    /** Completed when the work has ended altogether, lock released and flight cleared, after {@link #result}. */
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    /**
     * How long the work's own waits (the refresh lock) may last: the deadline of the caller that started it, or
     * {@link Instant#MAX} for background work that nobody waits for.
     */
    final Instant deadline;
    volatile Phase phase = Phase.QUEUED;

    Flight(Instant deadline) {
        this.deadline = deadline;
    }
}
