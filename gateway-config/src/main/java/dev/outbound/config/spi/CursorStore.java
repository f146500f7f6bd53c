package dev.outbound.config.spi;

import dev.outbound.config.ConfigKey;

import java.util.Optional;

/**
 * Keeps each integration's polling cursor across restarts. Writes are compare-and-set, so that two pollers of one
 * integration cannot both move it and a stale one finds out. Backends: {@code InMemoryCursorStore} (tests, demos),
 * {@code FileCursorStore}, {@code PostgresCursorStore}, all in {@code dev.outbound.config.polling}. Must be
 * thread-safe.
 */
public interface CursorStore {

    /** The stored cursor; empty if the integration was never polled. */
    Optional<Cursor> load(ConfigKey key);

    /**
     * Stores {@code next} if the stored cursor is still {@code expected} (empty meaning none stored).
     *
     * @return false if another writer moved the cursor first; nothing is written then
     */
    boolean compareAndSet(ConfigKey key, Optional<Cursor> expected, Cursor next);
}
