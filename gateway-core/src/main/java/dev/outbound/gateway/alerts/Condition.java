package dev.outbound.gateway.alerts;

import java.time.Instant;
import java.util.Objects;

/**
 * What a rule saw at one evaluation: the condition holds (with the time span of the evidence), is clear, or there was
 * no data to tell (no calls since the last evaluation), which changes nothing. Immutable and thread-safe.
 *
 * @param state holds, clear or no data
 * @param detail what holds, one short secret-free sentence; empty otherwise
 * @param from the earliest evidence of this observation
 * @param to the latest evidence of this observation
 */
public record Condition(State state, String detail, Instant from, Instant to) {

    /** The three answers. */
    public enum State {
        HOLDS, CLEAR, NO_DATA
    }

    public Condition {
        Objects.requireNonNull(state, "state");
        detail = detail == null ? "" : detail;
    }

    /** The condition holds, seen in evidence from {@code from} to {@code to}. */
    public static Condition holds(String detail, Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return new Condition(State.HOLDS, detail, from.isAfter(to) ? to : from, to);
    }

    public static Condition clear() {
        return new Condition(State.CLEAR, "", null, null);
    }

    public static Condition noData() {
        return new Condition(State.NO_DATA, "", null, null);
    }
}
