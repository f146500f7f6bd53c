package dev.outbound.gateway.sync;

/**
 * Told when a sync run finishes, with its result; health monitoring listens here. Called on the thread that closed
 * the run. Implementations must be thread-safe and fast; an exception they throw is logged and ignored.
 */
@FunctionalInterface
public interface SyncListener {

    void syncFinished(SyncResult result);
}
