package dev.outbound.gateway.health;

import dev.outbound.gateway.AccountKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One line of the health dashboard: one customer's integration with one provider, its colour, why, and since when.
 * Built by {@link HealthThresholds#evaluate}; holds no secret (reasons are written from categories, reasons and
 * counts). Immutable and thread-safe.
 *
 * @param account provider and customer
 * @param status green, yellow or red
 * @param reason the main reason for the status, one short sentence
 * @param reasons every finding, worst first (empty when green)
 * @param since since when the main finding holds, when known
 * @param lastSyncAt when the last sync run finished
 * @param lastSyncOutcome {@code succeeded}, {@code partial}, {@code failed}, or empty
 * @param lastSuccessAt when the last completed sync finished
 * @param successRate24h share of calls in the last 24 h that did not fail for integration reasons, when there were
 *     enough calls to say
 * @param calls24h calls in the last 24 h
 * @param recordsToday records synced today
 * @param recordsFailedToday records failed today
 * @param errorsToday failed calls today by category wire name
 * @param credentialState the credential's state
 * @param circuitState {@code closed}, {@code open}, {@code half_open} or {@code unknown}
 * @param backlog the rate-limit backlog
 * @param updatedAt when the newest snapshot behind this row was taken
 */
public record HealthRow(AccountKey account, HealthStatus status, String reason, List<String> reasons,
                        Optional<Instant> since, Optional<Instant> lastSyncAt, String lastSyncOutcome,
                        Optional<Instant> lastSuccessAt, OptionalDouble successRate24h, long calls24h,
                        long recordsToday, long recordsFailedToday, Map<String, Long> errorsToday,
                        CredentialState credentialState, String circuitState, long backlog, Instant updatedAt) {

    public HealthRow {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        reasons = List.copyOf(reasons);
        errorsToday = Map.copyOf(errorsToday);
        Objects.requireNonNull(credentialState, "credentialState");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public String provider() {
        return account.provider();
    }

    public String customer() {
        return account.customerId();
    }
}
