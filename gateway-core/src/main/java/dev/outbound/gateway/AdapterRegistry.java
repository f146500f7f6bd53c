package dev.outbound.gateway;

import dev.outbound.gateway.spi.ProviderAdapter;
import dev.outbound.gateway.spi.ProviderAdapterFactory;
import dev.outbound.gateway.spi.RateLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The gateway's adapters: those registered on the builder, then those its factories create on first use, each
 * declared to the rate limiter once, before its first call, so documented limits apply without user code.
 * Thread-safe.
 */
final class AdapterRegistry {
    private final Map<String, ProviderAdapter> registered;
    private final List<ProviderAdapterFactory> factories;
    private final ConcurrentMap<String, ProviderAdapter> discovered = new ConcurrentHashMap<>();
    private final RateLimiter limiter;

    AdapterRegistry(Map<String, ProviderAdapter> registered, List<ProviderAdapterFactory> factories,
                    RateLimiter limiter) {
        this.registered = Map.copyOf(registered);
        this.factories = List.copyOf(factories);
        this.limiter = limiter;
        this.registered.values().forEach(this::declareLimits);
    }

    /** The adapter of a provider; a lookup that finds none lists what it tried. */
    ProviderAdapter adapter(String provider) {
        ProviderAdapter found = registered.get(provider);
        if (found == null) {
            found = discovered.get(provider);
        }
        if (found != null) {
            return found;
        }
        for (ProviderAdapterFactory factory : factories) {
            Optional<ProviderAdapter> created = factory.create(provider);
            if (created.isPresent()) {
                return discovered.computeIfAbsent(provider, p -> {
                    declareLimits(created.get());
                    return created.get();
                });
            }
        }
        List<String> tried = new ArrayList<>();
        tried.add("registered adapters " + registered.keySet().stream().sorted().toList());
        factories.forEach(f -> tried.add(f.describe()));
        throw new IllegalArgumentException("no adapter for provider '" + provider + "'; tried " + tried);
    }

    /** Every adapter known now, by provider id: registered, discovered, and those the factories list. */
    Map<String, ProviderAdapter> known() {
        Map<String, ProviderAdapter> byId = new TreeMap<>(registered);
        discovered.forEach(byId::putIfAbsent);
        factories.forEach(f -> f.knownProviders().forEach(id -> byId.computeIfAbsent(id, this::adapter)));
        return byId;
    }

    private void declareLimits(ProviderAdapter adapter) {
        limiter.declare(adapter.providerId(), List.copyOf(adapter.documentedLimits()));
    }
}
