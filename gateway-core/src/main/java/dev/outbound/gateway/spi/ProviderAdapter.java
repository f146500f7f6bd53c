package dev.outbound.gateway.spi;

import dev.outbound.errors.ProviderResponse;
import dev.outbound.errors.spi.ErrorClassifier;
import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.ApiVersion;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.HostAllowlist;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.gateway.ProviderPolicy;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Everything the pipeline needs to know about one provider: where its API lives for an account, how its version is
 * pinned, how credentials are applied, and how its errors read. One instance serves every account of the provider,
 * so implementations must be thread-safe and keep per-account state out of fields.
 *
 * <p>Found through a {@link ProviderAdapterFactory} or registered directly on the gateway builder.
 */
public interface ProviderAdapter {

    /** The provider id, e.g. {@code salesforce}; a valid {@link dev.outbound.gateway.AccountKey} provider. */
    String providerId();

    /** Hosts this provider's calls may go to. A request or redirect to any other host fails before it is sent. */
    HostAllowlist allowedHosts();

    /** The API version used when the account does not pin its own; empty when the API is unversioned. */
    String defaultApiVersion();

    /**
     * The versions this adapter supports, oldest first, with their release and sunset dates; the default version is
     * among them. The gateway's {@link dev.outbound.gateway.CompatibilityMatrix} reads them; default none declared.
     */
    default List<ApiVersion> supportedVersions() {
        return List.of();
    }

    /**
     * The absolute URL of a call: the account's base URL (or the provider's), the API version where the provider
     * puts it in the path, and the already-encoded relative path.
     */
    URI resolveUrl(AccountSettings account, String apiVersion, String encodedPath);

    /** Adds what the version needs beyond the URL (a header such as {@code Stripe-Version}); default none. */
    default OutboundRequest applyVersion(OutboundRequest request, String apiVersion) {
        return request;
    }

    /** Signs or decorates the request with the account's credential. */
    default OutboundRequest authenticate(OutboundRequest request, Credential credential) {
        return CredentialApplier.apply(request, credential);
    }

    /**
     * Sends one attempt. The default sends the request as it is; an adapter overrides it for a handshake the
     * provider needs inside one attempt (SAP: fetch a CSRF token and retry once on a CSRF 403) or to watch
     * responses (deprecation headers). Runs after the credential is applied and before the response is classified;
     * it returns the raw response, never throws for an HTTP status. Must be thread-safe.
     */
    default IntegrationResponse exchange(Exchange exchange) {
        return exchange.send(exchange.request());
    }

    /** Reads the provider's responses into success or an error envelope. Must never throw. */
    ErrorClassifier classifier();

    /** The header this provider reads idempotency keys from, if it supports them (Stripe: Idempotency-Key). */
    default Optional<String> idempotencyKeyHeader() {
        return Optional.empty();
    }

    /** Retry, circuit-breaker and timeout defaults for this provider; the gateway builder may override them. */
    default ProviderPolicy policy() {
        return ProviderPolicy.defaults();
    }

    /**
     * The limits the provider documents. The gateway declares them to its {@link RateLimiter} when it registers or
     * discovers the adapter, so they apply without user configuration (explicit limiter configuration wins). Default
     * none.
     */
    default List<LimitDeclaration> documentedLimits() {
        return List.of();
    }

    /**
     * What a response (success or error) says about the provider's limits, e.g. its usage headers; the gateway
     * passes each to {@link RateLimiter#onUsage}. Default none. Must be fast and must never throw.
     */
    default List<LimitUsage> usage(ProviderResponse response) {
        return List.of();
    }
}
