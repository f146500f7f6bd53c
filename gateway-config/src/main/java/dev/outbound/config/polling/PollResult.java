package dev.outbound.config.polling;

import dev.outbound.config.ConfigKey;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one poll of one integration did. Immutable.
 *
 * @param key the integration
 * @param outcome how it ended
 * @param records records handed off (across pages)
 * @param pages pages fetched and handed off
 * @param interval the interval chosen for the next poll (for cron schedules, the time to the next fire)
 * @param nextDue when the integration is polled next
 * @param error why it failed, for {@link Outcome#FAILED} and {@link Outcome#NO_SOURCE}
 */
public record PollResult(ConfigKey key, Outcome outcome, int records, int pages, Duration interval, Instant nextDue,
                         Optional<String> error) {

    public PollResult {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(nextDue, "nextDue");
        Objects.requireNonNull(error, "error");
    }

    /** How a poll ended. */
    public enum Outcome {
        /** Every fetched page was handed off and its cursor stored. */
        POLLED,
        /** The source, the handler or the cursor store failed; the cursor stayed after the last stored page. */
        FAILED,
        /** No change source serves this integration's provider. */
        NO_SOURCE
    }
}
