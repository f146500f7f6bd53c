package dev.outbound.gateway.alerts;

import java.time.Duration;
import java.util.Set;

/**
 * One alerting condition, judged per integration at every evaluation. The {@link AlertEngine} adds the hysteresis:
 * an alert fires once the condition's evidence has held for {@link #sustainFor()}, and recovers once it has been
 * observed clear for {@link #clearAfter()}. Built-in rules come from {@link AlertRules}; implementations must be
 * stateless and thread-safe.
 */
public interface AlertRule {

    /** Stable id, e.g. {@code success_rate_low}: a metric tag and part of the alert key. */
    String id();

    /** {@code critical} or {@code warning}. */
    String severity();

    /** How long the condition must hold before the alert fires; zero fires on the first observation. */
    Duration sustainFor();

    /** How long the condition must stay clear before the alert recovers; zero recovers on the first clear one. */
    Duration clearAfter();

    /**
     * Rules whose pending or firing alert on the same integration silences this one: one root cause, one alert (a
     * revoked credential also makes syncs stale; only the credential alert is raised).
     */
    default Set<String> inhibitedBy() {
        return Set.of();
    }

    /** Judges the signals of one integration. */
    Condition evaluate(Signals signals);

    /**
     * What broke and what to do, in plain words, when the condition holds; by default the condition's detail. Built-in
     * rules map their error through {@link Advice#forError}.
     */
    default Advice advice(Signals signals, Condition holding) {
        return Advice.other(holding.detail());
    }
}
