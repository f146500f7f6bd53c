package dev.outbound.gateway.alerts;

import dev.outbound.gateway.AccountKey;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * An alert that starts or stops: one {@link Type#FIRING} event when a rule's condition has been sustained, one
 * {@link Type#RECOVERED} event when it has stayed clear. {@link #key()} is stable across both, for deduplication
 * downstream. Holds no secret. Immutable and thread-safe.
 *
 * @param type firing or recovered
 * @param rule the rule's id, e.g. {@code success_rate_low}
 * @param severity {@code critical} or {@code warning}
 * @param account the integration's account
 * @param integration the integration's name; empty for the account's calls outside any
 * @param advice what broke and what to do, for a customer-success person
 * @param summary one technical sentence: what is wrong, e.g. {@code success rate 40% < 95% over the last 6m}
 * @param since when the condition started to hold
 * @param at when this event was raised
 */
public record AlertEvent(Type type, String rule, String severity, AccountKey account, String integration,
                         Advice advice, String summary, Instant since, Instant at) {

    /** Whether an alert starts or stops. */
    public enum Type {
        FIRING, RECOVERED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AlertEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(integration, "integration");
        Objects.requireNonNull(advice, "advice");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(at, "at");
    }

    /**
     * {@code rule:provider:customer}, then {@code :integration} when the alert is about a named integration: the same
     * for an alert's firing and recovered events.
     */
    public String key() {
        return rule + ":" + account.provider() + ":" + account.customerId()
                + (integration.isEmpty() ? "" : ":" + integration);
    }

    /**
     * One line, e.g. {@code FIRING critical success_rate_low on hooli/erp sync-orders since 2026-...: Erp is failing
     * (server errors): nothing to do on our side, it is retried (success rate ...)}.
     */
    public String describe() {
        return type + " " + severity + " " + rule + " on " + account + (integration.isEmpty() ? "" : " " + integration)
                + " since " + since + ": " + advice.sentence() + " (" + summary + ")";
    }
}
