package dev.outbound.gateway.health;

import java.util.Locale;

/** The colour of an integration's health. Ordered from best to worst. Immutable and thread-safe. */
public enum HealthStatus {
    /** Working. */
    GREEN,
    /** Working, with something a person should look at: failed records, a refresh that fails, a half-open circuit. */
    YELLOW,
    /** Not working: success rate under the threshold, no success within the SLA, credentials rejected after refresh. */
    RED;

    /** Lower-case name for JSON and logs. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The worse of two. */
    public HealthStatus worst(HealthStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
