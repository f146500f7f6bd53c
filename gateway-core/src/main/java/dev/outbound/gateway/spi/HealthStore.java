package dev.outbound.gateway.spi;

import dev.outbound.gateway.health.ActivitySnapshot;
import java.util.List;

/**
 * Shares what each node has seen of each integration, so that one view shows every node's activity: each node
 * {@link #publish publishes} its latest snapshot per account, and the dashboard reads them all and merges them per
 * account. In memory for one node; PostgreSQL for several. Implementations must be thread-safe; they are called from
 * the health monitor's evaluation, never from a call.
 */
public interface HealthStore {

    /** Replaces this node's snapshot of the snapshot's account (one per account and node). */
    void publish(ActivitySnapshot snapshot);

    /** Publishes several snapshots; stores that can batch should. */
    default void publishAll(List<ActivitySnapshot> snapshots) {
        snapshots.forEach(this::publish);
    }

    /** Every node's latest snapshot of every account, in no particular order. */
    List<ActivitySnapshot> snapshots();
}
