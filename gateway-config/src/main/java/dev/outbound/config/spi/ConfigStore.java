package dev.outbound.config.spi;

import dev.outbound.config.ConfigKey;
import dev.outbound.config.LoadedConfig;
import dev.outbound.config.RefreshReport;

import java.util.List;
import java.util.Optional;

/**
 * Where integration configurations live, and the rule that keeps them safe: a store serves only documents that
 * passed validation, and when a document changes into something invalid the last valid version stays in force.
 *
 * <p>Reads ({@link #find}, {@link #all}) come from memory and are cheap enough for every call; {@link #refresh}
 * goes to the backend. Implementations must be thread-safe. Backends are separate classes:
 * {@link dev.outbound.config.FileConfigStore} and {@link dev.outbound.config.PostgresConfigStore}.
 */
public interface ConfigStore extends AutoCloseable {

    /** The configuration in force for a key. */
    Optional<LoadedConfig> find(ConfigKey key);

    /**
     * Every configuration in force, ordered by key. The list is an immutable snapshot; the same instance is
     * returned until a refresh changes something, so callers may cache what they derive from it by identity.
     */
    List<LoadedConfig> all();

    /** Reads what changed in the backend since the last refresh and applies it. */
    RefreshReport refresh();

    /** Stops background work, if any. */
    @Override
    default void close() {
    }
}
