package dev.outbound.config.spi;

import dev.outbound.config.LoadedConfig;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One request for changes: for which integration, from which cursor, and up to when. Immutable.
 *
 * @param config the integration's configuration (account, attributes, filter for a source that can push it down)
 * @param from where the last handed-off window ended; empty on the very first poll, when the source decides where
 *             to begin (typically "now", or a configured start)
 * @param until the end of the window for timestamp sources: the poll time less the settle delay, so that records
 *              committed late at the provider with an earlier timestamp are not skipped
 */
public record ChangeRequest(LoadedConfig config, Optional<Cursor> from, Instant until) {

    public ChangeRequest {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
    }
}
