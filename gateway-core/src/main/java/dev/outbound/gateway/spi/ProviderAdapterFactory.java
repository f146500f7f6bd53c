package dev.outbound.gateway.spi;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Creates the adapter for a provider id, or says "not mine" by returning empty, so that several factories can be
 * consulted in turn (as Retrofit's converter factories are). Must be thread-safe.
 */
@FunctionalInterface
public interface ProviderAdapterFactory {

    /** The adapter for {@code providerId}, or empty when this factory does not know that provider. */
    Optional<ProviderAdapter> create(String providerId);

    /**
     * The provider ids this factory knows, for a factory that can list them (its adapters then appear in the
     * gateway's compatibility matrix before their first call); empty, the default, when it cannot say.
     */
    default Collection<String> knownProviders() {
        return List.of();
    }

    /** A short description listed when no factory knows a provider, e.g. {@code built-in providers [a, b]}. */
    default String describe() {
        return getClass().getName();
    }
}
