package dev.outbound.gateway.health;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.alerts.Advice;
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
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The one view a dashboard reads: every node's snapshots from a {@link HealthStore}, merged per integration and judged
 * with the {@link HealthThresholds}, one {@link HealthRow} per customer per integration ({@link #rows()}), sorted by
 * customer, provider and integration; and the same rolled up per customer per provider ({@link #accountRows()}).
 * Snapshots from nodes silent for over 24 hours are left out. Reads only; thread-safe.
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

    /** One row per customer per integration, now. */
    public List<HealthRow> rows() {
        Instant now = clock.instant();
        Map<List<Object>, List<ActivitySnapshot>> byIntegration = new LinkedHashMap<>();
        for (ActivitySnapshot s : store.snapshots()) {
            if (Duration.between(s.updatedAt(), now).compareTo(STALE_NODE) <= 0) {
                byIntegration.computeIfAbsent(List.of(s.account(), s.integration()), k -> new ArrayList<>()).add(s);
            }
        }
        List<HealthRow> rows = new ArrayList<>();
        byIntegration.values().forEach(list -> rows.add(thresholds.evaluate(ActivitySnapshot.merge(list), now)));
        rows.sort(ORDER);
        return rows;
    }

    /**
     * One row per customer per provider, now: each account's integration rows {@link #rollUp rolled up}, so an
     * account is as red as its worst integration.
     */
    public List<HealthRow> accountRows() {
        return rollUp(rows());
    }

    /**
     * Rolls integration rows up per account ({@link HealthRow#integration()} {@value HealthRow#ALL}): the worst
     * status, with the worst row's advice and reason (the reason named after its integration), every finding named
     * after its integration, counts added, the latest sync, and the success rate over all the calls.
     */
    public static List<HealthRow> rollUp(List<HealthRow> rows) {
        Map<AccountKey, List<HealthRow>> byAccount = new LinkedHashMap<>();
        rows.forEach(r -> byAccount.computeIfAbsent(r.account(), k -> new ArrayList<>()).add(r));
        List<HealthRow> out = new ArrayList<>();
        byAccount.forEach((account, list) -> out.add(rollUp(account, list)));
        out.sort(ORDER);
        return out;
    }

    private static HealthRow rollUp(AccountKey account, List<HealthRow> list) {
        HealthRow worst = list.stream().max(Comparator.comparing(HealthRow::status)).orElseThrow();
        HealthRow latestSync = list.stream().filter(r -> r.lastSyncAt().isPresent())
                .max(Comparator.comparing(r -> r.lastSyncAt().get())).orElse(worst);
        List<String> reasons = new ArrayList<>();
        list.stream().sorted(Comparator.comparing(HealthRow::status).reversed())
                .forEach(r -> r.reasons().forEach(x -> reasons.add(r.integrationLabel() + ": " + x)));
        long calls = 0;
        double succeeded = 0;
        long rated = 0;
        long records = 0;
        long recordsFailed = 0;
        long backlog = 0;
        Map<String, Long> errors = new TreeMap<>();
        for (HealthRow r : list) {
            calls += r.calls24h();
            if (r.successRate24h().isPresent()) {
                succeeded += r.successRate24h().getAsDouble() * r.calls24h();
                rated += r.calls24h();
            }
            records += r.recordsToday();
            recordsFailed += r.recordsFailedToday();
            backlog = Math.max(backlog, r.backlog());
            r.errorsToday().forEach((k, v) -> errors.merge(k, v, Long::sum));
        }
        String reason = worst.status() == HealthStatus.GREEN ? worst.reason()
                : worst.integrationLabel() + ": " + worst.reason();
        Advice advice = worst.advice();
        return new HealthRow(account, HealthRow.ALL, worst.status(), advice, reason, worst.detail(), reasons,
                worst.since(), latestSync.lastSyncAt(), latestSync.lastSyncOutcome(),
                list.stream().map(HealthRow::lastSuccessAt).flatMap(Optional::stream).max(Comparator.naturalOrder()),
                rated > 0 ? OptionalDouble.of(succeeded / rated) : OptionalDouble.empty(), calls, records,
                recordsFailed, errors, worst.credentialState(), worst.circuitState(), backlog,
                list.stream().map(HealthRow::updatedAt).max(Comparator.naturalOrder()).orElseThrow());
    }

    static final Comparator<HealthRow> ORDER = Comparator.comparing(HealthRow::customer)
            .thenComparing(HealthRow::provider).thenComparing(HealthRow::integration);
}
