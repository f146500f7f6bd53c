package dev.outbound.gateway.health;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.spi.HealthStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one view a dashboard reads: every node's snapshots from a {@link HealthStore}, merged per account and judged
 * with the {@link HealthThresholds}, one {@link HealthRow} per customer per integration, sorted by customer then
 * provider. Snapshots from nodes silent for over 24 hours are left out. Reads only; thread-safe.
 */
public final class HealthView {
    private static final Duration STALE_NODE = Duration.ofHours(24);
    private final HealthStore store;
    private final HealthThresholds thresholds;
    private final Clock clock;

    public HealthView(HealthStore store, HealthThresholds thresholds, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The rows now. */
    public List<HealthRow> rows() {
        Instant now = clock.instant();
        Map<AccountKey, List<ActivitySnapshot>> byAccount = new LinkedHashMap<>();
        for (ActivitySnapshot s : store.snapshots()) {
            if (Duration.between(s.updatedAt(), now).compareTo(STALE_NODE) <= 0) {
                byAccount.computeIfAbsent(s.account(), k -> new ArrayList<>()).add(s);
            }
        }
        List<HealthRow> rows = new ArrayList<>();
        byAccount.values().forEach(list -> rows.add(thresholds.evaluate(ActivitySnapshot.merge(list), now)));
        rows.sort(ORDER);
        return rows;
    }

    static final Comparator<HealthRow> ORDER = Comparator.comparing(HealthRow::customer)
            .thenComparing(HealthRow::provider);
}
