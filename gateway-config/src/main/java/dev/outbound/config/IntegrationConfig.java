package dev.outbound.config;

import dev.outbound.config.filter.FilterSpec;
import dev.outbound.config.mapping.FieldMapping;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.AccountSettings;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One customer's configuration of one integration: everything that varies per customer, as data. Read from a
 * document that follows {@code integration-config.schema.json} by {@link ConfigLoader}; the credential is only
 * referenced by name, never held. Immutable and thread-safe.
 *
 * @param key customer and integration name
 * @param provider provider id of the adapter that serves the calls
 * @param credentialRef name of the credential in the credential store
 * @param baseUrl the account's base URL, when it differs from the provider's
 * @param apiVersion the version the account is pinned to, when it overrides the provider's default
 * @param attributes adapter-specific, non-secret settings
 * @param rateLimits the customer's rate-limit settings
 * @param direction which way records flow
 * @param schedule when it syncs
 * @param filter which records take part, when restricted
 * @param mappings field mappings, in order
 * @param onError what a sync does with a failed record
 */
public record IntegrationConfig(
        ConfigKey key,
        String provider,
        String credentialRef,
        Optional<URI> baseUrl,
        Optional<String> apiVersion,
        Map<String, String> attributes,
        RateLimitOverrides rateLimits,
        SyncDirection direction,
        Schedule schedule,
        Optional<FilterSpec> filter,
        List<FieldMapping> mappings,
        ErrorPreference onError) {

    public IntegrationConfig {
        Objects.requireNonNull(key, "key");
        AccountKey.requireProviderId(provider);
        Objects.requireNonNull(credentialRef, "credentialRef");
        if (credentialRef.isBlank()) {
            throw new IllegalArgumentException("credentialRef must not be blank");
        }
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiVersion, "apiVersion");
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(filter, "filter");
        mappings = List.copyOf(Objects.requireNonNull(mappings, "mappings"));
        Objects.requireNonNull(onError, "onError");
        // Checks the base URL and version with the same rules the gateway applies to every call.
        new AccountSettings(baseUrl, apiVersion, attributes);
    }

    /** The gateway account this integration calls with. */
    public AccountKey accountKey() {
        return AccountKey.of(provider, key.customerId());
    }

    /** The per-account settings the gateway applies to this integration's calls. */
    public AccountSettings accountSettings() {
        return new AccountSettings(baseUrl, apiVersion, attributes);
    }
}
