package dev.outbound.gateway.health;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.alerts.Advice;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One line of the health dashboard: one integration of one customer's account at one provider (a sync, a configured
 * integration, or the account's calls made outside any), its colour, what broke and what to do in plain words, the
 * technical reason, and since when. Built by {@link HealthThresholds#evaluate}; {@link HealthView#accountRows()} rolls
 * the rows of an account up into one. Holds no secret (texts are written from categories, reasons and counts).
 * Immutable and thread-safe.
 *
 * @param account provider and customer
 * @param integration the sync's or configured integration's name; empty for calls outside any (see
 *     {@link #integrationLabel()}), {@value #ALL} in an account roll-up
 * @param status green, yellow or red
 * @param advice what broke and what to do, for a customer-success person
 * @param reason the main reason for the status, one short technical sentence
 * @param detail the error behind the advice as category, reason and provider code, e.g.
 *     {@code auth_failure, token_revoked, INVALID_SESSION_ID}; empty when there is none
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
public record HealthRow(AccountKey account, String integration, HealthStatus status, Advice advice, String reason,
                        String detail, List<String> reasons,
                        Optional<Instant> since, Optional<Instant> lastSyncAt, String lastSyncOutcome,
                        Optional<Instant> lastSuccessAt, OptionalDouble successRate24h, long calls24h,
                        long recordsToday, long recordsFailedToday, Map<String, Long> errorsToday,
                        CredentialState credentialState, String circuitState, long backlog, Instant updatedAt) {

    /** The {@link #integration()} of a row that rolls up every integration of an account. */
    public static final String ALL = "*";

    public HealthRow {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(integration, "integration");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(advice, "advice");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
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

    /** The integration's name for people: {@code calls outside syncs} for the empty name, {@code all} for a roll-up. */
    public String integrationLabel() {
        return integration.isEmpty() ? "calls outside syncs" : ALL.equals(integration) ? "all" : integration;
    }
}
