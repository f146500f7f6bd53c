package dev.outbound.providers;

import dev.outbound.gateway.spi.ProviderAdapter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A provider adapter that also describes its provider: the API versions it supports (with release and sunset
 * dates), its documented rate limits, and how to read the provider's rate-limit headers. Every built-in adapter
 * implements it; a custom adapter may, to appear with dates in the {@link CompatibilityMatrix}. Implementations are
 * immutable and thread-safe.
 */
public interface VersionedProviderAdapter extends ProviderAdapter {

    /** Supported versions, oldest first; the default version is among them. */
    List<ApiVersion> supportedVersions();

    /** The provider's documented limits, as data. */
    RateLimitDefaults rateLimitDefaults();

    /** What the response headers say about the provider's limits; empty when they say nothing. Never throws. */
    default List<RateLimitUsage> rateLimitUsage(Map<String, List<String>> headers) {
        return List.of();
    }

    /** The declared version with this name. */
    default Optional<ApiVersion> version(String version) {
        return supportedVersions().stream().filter(v -> v.version().equals(version)).findFirst();
    }
}
