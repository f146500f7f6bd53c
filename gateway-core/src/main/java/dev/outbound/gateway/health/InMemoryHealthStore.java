package dev.outbound.gateway.health;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.spi.HealthStore;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A {@link HealthStore} in this JVM's memory: for one node, demos and tests. Thread-safe. */
public final class InMemoryHealthStore implements HealthStore {
    private record Key(AccountKey account, String integration, String node) {
    }

    private final ConcurrentMap<Key, ActivitySnapshot> snapshots = new ConcurrentHashMap<>();

    @Override
    public void publish(ActivitySnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        // As in the PostgreSQL store, a late write of an older snapshot never replaces a newer one.
        snapshots.merge(new Key(snapshot.account(), snapshot.integration(), snapshot.node()), snapshot,
                (old, fresh) -> fresh.updatedAt().isBefore(old.updatedAt()) ? old : fresh);
    }

    @Override
    public List<ActivitySnapshot> snapshots() {
        return List.copyOf(snapshots.values());
    }

    @Override
    public String toString() {
        return "InMemoryHealthStore[" + snapshots.size() + " snapshots]";
    }
}
