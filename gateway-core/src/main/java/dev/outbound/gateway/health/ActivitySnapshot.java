package dev.outbound.gateway.health;

import dev.outbound.gateway.AccountKey;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one node saw of one integration (one sync or configured integration of one customer's account at one
 * provider), as of {@code updatedAt}: the raw material of a {@link HealthRow}. Nodes publish these to a
 * {@link dev.outbound.gateway.spi.HealthStore}; a {@link HealthView} {@link #merge merges} the nodes' snapshots of an
 * integration and judges the result. Holds counts, times, categories and short secret-free texts only. Immutable and
 * thread-safe.
 *
 * @param account provider and customer
 * @param integration the sync's or configured integration's name; empty for the account's calls made outside any
 *     (see {@code CallBuilder.integration})
 * @param node the node that saw it
 * @param updatedAt when the node took this snapshot
 * @param firstSeen when the node first saw the integration (the start of the SLA clock if it never succeeded)
 * @param calls24h calls in the last 24 hours
 * @param failedCalls24h calls in the last 24 hours that failed for integration reasons (record-level errors —
 *     validation, conflict, not found — do not count: the provider answered)
 * @param day the day, in the health zone, that the "today" counts belong to
 * @param recordsToday records processed by sync runs today
 * @param recordsFailedToday records failed in sync runs today
 * @param errorsToday failed calls today by category wire name
 * @param lastSyncAt when the last sync run finished
 * @param lastSyncOutcome {@code succeeded}, {@code partial}, {@code failed}, or empty before any run
 * @param lastSyncSummary the last run's one-line summary
 * @param lastSuccessAt when the last completed (succeeded or partial) sync finished
 * @param notSucceededSince start of the first run that did not fully succeed after the last one that did
 * @param degradedSince first server error or timeout not yet followed by a fully successful sync
 * @param credentialState the credential's state
 * @param credentialReason why, one short phrase, e.g. {@code grant revoked (token_revoked)}; empty when OK
 * @param credentialReasonCode the {@code Reasons} constant behind it, when there is one; else empty
 * @param credentialSince since when the credential has been in that state (empty when OK)
 * @param circuitState {@code closed}, {@code open}, {@code half_open}, or {@code unknown}
 * @param backlog rate-limit backlog last reported
 * @param lastErrorCategory the category wire name of the error that best explains the integration's state (the
 *     latest failure of the integration itself, else the latest record-level one); empty when none since the last
 *     fully successful sync
 * @param lastErrorReason that error's {@code Reasons} constant, or empty
 * @param lastErrorCode that error's provider code, e.g. {@code INVALID_SESSION_ID}, or empty
 */
public record ActivitySnapshot(AccountKey account, String integration, String node, Instant updatedAt, Instant firstSeen,
                               long calls24h, long failedCalls24h, LocalDate day, long recordsToday,
                               long recordsFailedToday, Map<String, Long> errorsToday,
                               Optional<Instant> lastSyncAt, String lastSyncOutcome, String lastSyncSummary,
                               Optional<Instant> lastSuccessAt, Optional<Instant> notSucceededSince,
                               Optional<Instant> degradedSince, CredentialState credentialState,
                               String credentialReason, String credentialReasonCode,
                               Optional<Instant> credentialSince, String circuitState, long backlog,
                               String lastErrorCategory, String lastErrorReason, String lastErrorCode) {

    public ActivitySnapshot {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(integration, "integration");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(day, "day");
        errorsToday = Collections.unmodifiableMap(new TreeMap<>(errorsToday));
        lastSyncAt = orEmpty(lastSyncAt);
        lastSyncOutcome = lastSyncOutcome == null ? "" : lastSyncOutcome;
        lastSyncSummary = lastSyncSummary == null ? "" : lastSyncSummary;
        lastSuccessAt = orEmpty(lastSuccessAt);
        notSucceededSince = orEmpty(notSucceededSince);
        degradedSince = orEmpty(degradedSince);
        Objects.requireNonNull(credentialState, "credentialState");
        credentialReason = credentialReason == null ? "" : credentialReason;
        credentialReasonCode = credentialReasonCode == null ? "" : credentialReasonCode;
        lastErrorCategory = lastErrorCategory == null ? "" : lastErrorCategory;
        lastErrorReason = lastErrorReason == null ? "" : lastErrorReason;
        lastErrorCode = lastErrorCode == null ? "" : lastErrorCode;
        credentialSince = orEmpty(credentialSince);
        circuitState = circuitState == null || circuitState.isEmpty() ? "unknown" : circuitState;
    }

    /**
     * One snapshot of an integration from several nodes' snapshots of it: counts are added (today's only from nodes on the
     * latest day), the last sync is the latest one, the credential and circuit states are the worst, the "since"
     * times the earliest.
     *
     * @throws IllegalArgumentException if the list is empty or mixes integrations
     */
    public static ActivitySnapshot merge(List<ActivitySnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        AccountKey account = snapshots.get(0).account();
        String integration = snapshots.get(0).integration();
        for (ActivitySnapshot s : snapshots) {
            if (!s.account().equals(account) || !s.integration().equals(integration)) {
                throw new IllegalArgumentException("cannot merge snapshots of " + account + " " + integration
                        + " and " + s.account() + " " + s.integration());
            }
        }
        if (snapshots.size() == 1) {
            return snapshots.get(0);
        }
        LocalDate day = snapshots.stream().map(ActivitySnapshot::day).max(Comparator.naturalOrder()).orElseThrow();
        long calls = 0;
        long failedCalls = 0;
        long records = 0;
        long recordsFailed = 0;
        long backlog = 0;
        Map<String, Long> errors = new TreeMap<>();
        for (ActivitySnapshot s : snapshots) {
            calls += s.calls24h();
            failedCalls += s.failedCalls24h();
            backlog += s.backlog();
            if (s.day().equals(day)) {
                records += s.recordsToday();
                recordsFailed += s.recordsFailedToday();
                s.errorsToday().forEach((k, v) -> errors.merge(k, v, Long::sum));
            }
        }
        ActivitySnapshot lastSync = snapshots.stream().filter(s -> s.lastSyncAt().isPresent())
                .max(Comparator.comparing(s -> s.lastSyncAt().get())).orElse(snapshots.get(0));
        ActivitySnapshot credential = snapshots.stream().max(Comparator.comparing(ActivitySnapshot::credentialState)
                .thenComparing(s -> s.credentialSince().orElse(Instant.MAX), Comparator.reverseOrder()))
                .orElseThrow();
        ActivitySnapshot lastError = snapshots.stream().filter(s -> !s.lastErrorCategory().isEmpty())
                .max(Comparator.comparing(ActivitySnapshot::updatedAt)).orElse(snapshots.get(0));
        List<String> circuits = new ArrayList<>();
        snapshots.forEach(s -> circuits.add(s.circuitState()));
        String circuit = circuits.contains("open") ? "open" : circuits.contains("half_open") ? "half_open"
                : circuits.contains("closed") ? "closed" : "unknown";
        return new ActivitySnapshot(account, integration, "*",
                snapshots.stream().map(ActivitySnapshot::updatedAt).max(Comparator.naturalOrder()).orElseThrow(),
                snapshots.stream().map(ActivitySnapshot::firstSeen).min(Comparator.naturalOrder()).orElseThrow(),
                calls, failedCalls, day, records, recordsFailed, errors,
                lastSync.lastSyncAt(), lastSync.lastSyncOutcome(), lastSync.lastSyncSummary(),
                latest(snapshots.stream().map(ActivitySnapshot::lastSuccessAt).toList()),
                lastSync.notSucceededSince(),
                earliest(snapshots.stream().map(ActivitySnapshot::degradedSince).toList()),
                credential.credentialState(), credential.credentialReason(), credential.credentialReasonCode(),
                credential.credentialSince(), circuit, backlog, lastError.lastErrorCategory(),
                lastError.lastErrorReason(), lastError.lastErrorCode());
    }

    private static Optional<Instant> latest(List<Optional<Instant>> times) {
        return times.stream().flatMap(Optional::stream).max(Comparator.naturalOrder());
    }

    private static Optional<Instant> earliest(List<Optional<Instant>> times) {
        return times.stream().flatMap(Optional::stream).min(Comparator.naturalOrder());
    }

    private static <T> Optional<T> orEmpty(Optional<T> o) {
        return o == null ? Optional.empty() : o;
    }
}
