package dev.outbound.gateway.spi;

import java.util.Optional;

/**
 * Creates the adapter for a provider id, or says "not mine" by returning empty, so that several factories can be
 * consulted in turn (as Retrofit's converter factories are). Must be thread-safe.
 */
@FunctionalInterface
public interface ProviderAdapterFactory {

    /** The adapter for {@code providerId}, or empty when this factory does not know that provider. */
    Optional<ProviderAdapter> create(String providerId);

    /** A short description listed when no factory knows a provider, e.g. {@code built-in providers [a, b]}. */
    default String describe() {
        return getClass().getName();
    }
}
