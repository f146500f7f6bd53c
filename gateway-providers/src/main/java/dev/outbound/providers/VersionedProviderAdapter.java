package dev.outbound.providers;

import dev.outbound.gateway.spi.LimitUsage;
import dev.outbound.gateway.spi.ProviderAdapter;
import java.util.List;
import java.util.Map;

/**
 * A provider adapter that also describes its provider's limits: its documented rate limits, and how to read the
 * provider's rate-limit headers. Every built-in adapter implements it. (Versions and sunset dates are not
 * provider-specific: every {@link ProviderAdapter} may declare them through
 * {@link ProviderAdapter#supportedVersions()}.) Implementations are immutable and thread-safe.
 */
public interface VersionedProviderAdapter extends ProviderAdapter {

    /** The provider's documented limits, as data. */
    RateLimitDefaults rateLimitDefaults();

    /** What the response headers say about the provider's limits; empty when they say nothing. Never throws. */
    default List<LimitUsage> rateLimitUsage(Map<String, List<String>> headers) {
        return List.of();
    }
}
