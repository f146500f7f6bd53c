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
 * @param account the integration
 * @param summary one sentence: what is wrong, e.g. {@code success rate 40% < 95% over the last 6m}
 * @param since when the condition started to hold
 * @param at when this event was raised
 */
public record AlertEvent(Type type, String rule, String severity, AccountKey account, String summary, Instant since,
                         Instant at) {

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
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(at, "at");
    }

    /** {@code rule:provider:customer}: the same for an alert's firing and recovered events. */
    public String key() {
        return rule + ":" + account.provider() + ":" + account.customerId();
    }

    /** One line, e.g. {@code FIRING critical success_rate_low on hooli/erp since 2026-...: ...}. */
    public String describe() {
        return type + " " + severity + " " + rule + " on " + account + " since " + since + ": " + summary;
    }
}
