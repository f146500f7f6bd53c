package dev.outbound.config;

import dev.outbound.config.filter.RecordFilter;
import dev.outbound.config.mapping.RecordMapper;

import java.time.Instant;
import java.util.Objects;

/**
 * A configuration that passed validation, with its mappings and filter compiled and where it came from. This is
 * what a {@link dev.outbound.config.spi.ConfigStore} keeps in force. Immutable and thread-safe.
 *
 * @param config the document's content
 * @param mapper its field mappings, compiled
 * @param filter its filter criteria, compiled (accepting everything when it has none)
 * @param source the file path or table row it was read from
 * @param version a number that grows with each accepted change of this configuration (a row version, or a count
 *                of reloads for files)
 * @param loadedAt when it was accepted
 */
public record LoadedConfig(IntegrationConfig config, RecordMapper mapper, RecordFilter filter, String source,
                           long version, Instant loadedAt) {

    public LoadedConfig {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(mapper, "mapper");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(loadedAt, "loadedAt");
    }

    public ConfigKey key() {
        return config.key();
    }

    LoadedConfig withVersion(long newVersion) {
        return new LoadedConfig(config, mapper, filter, source, newVersion, loadedAt);
    }
}
