package dev.outbound.config;

import dev.outbound.config.spi.ConfigStore;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.spi.AccountDirectory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lets the gateway read base URLs, pinned API versions and attributes from a {@link ConfigStore}, so that a new
 * customer's settings take effect when its configuration file or row appears, without a restart. When a customer
 * has several integrations with one provider, the one whose name sorts first gives the settings.
 *
 * <p>Consulted on every call, so it keeps an index by account that it rebuilds only when the store's snapshot
 * changes. Thread-safe.
 */
public final class ConfigAccountDirectory implements AccountDirectory {

    private record Index(List<LoadedConfig> snapshot, Map<AccountKey, AccountSettings> settings) {
    }

    private final ConfigStore store;
    private volatile Index index = new Index(null, Map.of());

    public ConfigAccountDirectory(ConfigStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public AccountSettings settings(AccountKey account) {
        List<LoadedConfig> snapshot = store.all();
        Index current = index;
        if (current.snapshot() != snapshot) {
            current = build(snapshot);
            index = current;
        }
        return current.settings().getOrDefault(account, AccountSettings.none());
    }

    private static Index build(List<LoadedConfig> snapshot) {
        Map<AccountKey, AccountSettings> map = new HashMap<>();
        // The snapshot is ordered by customer and integration, so the first one seen for an account wins.
        for (LoadedConfig c : snapshot) {
            map.putIfAbsent(c.config().accountKey(), c.config().accountSettings());
        }
        return new Index(snapshot, Map.copyOf(map));
    }
}
