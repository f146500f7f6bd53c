package dev.outbound.config.polling;

import dev.outbound.config.ConfigKey;
import dev.outbound.config.spi.Cursor;
import dev.outbound.config.spi.CursorStore;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A {@link CursorStore} in memory, for tests and demos: it does not survive a restart. Thread-safe. */
public final class InMemoryCursorStore implements CursorStore {

    private final ConcurrentMap<ConfigKey, Cursor> cursors = new ConcurrentHashMap<>();

    @Override
    public Optional<Cursor> load(ConfigKey key) {
        return Optional.ofNullable(cursors.get(Objects.requireNonNull(key, "key")));
    }

    @Override
    public boolean compareAndSet(ConfigKey key, Optional<Cursor> expected, Cursor next) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(next, "next");
        return expected.isEmpty() ? cursors.putIfAbsent(key, next) == null : cursors.replace(key, expected.get(), next);
    }
}
