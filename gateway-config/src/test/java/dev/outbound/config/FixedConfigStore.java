package dev.outbound.config;

import dev.outbound.config.spi.ConfigStore;

import java.util.List;
import java.util.Optional;

/** A test store holding what the test puts in it. */
public final class FixedConfigStore implements ConfigStore {

    private volatile List<LoadedConfig> configs = List.of();

    public FixedConfigStore(LoadedConfig... configs) {
        this.configs = List.of(configs);
    }

    public void set(LoadedConfig... configs) {
        this.configs = List.of(configs);
    }

    /** Loads a document with the default loader. */
    public static LoadedConfig load(String json) {
        return ConfigLoader.ofDefaults().load("test", ConfigLoader.Format.JSON, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public Optional<LoadedConfig> find(ConfigKey key) {
        return configs.stream().filter(c -> c.key().equals(key)).findFirst();
    }

    @Override
    public List<LoadedConfig> all() {
        return configs;
    }

    @Override
    public RefreshReport refresh() {
        return new RefreshReport(List.of(), List.of(), List.of());
    }
}
