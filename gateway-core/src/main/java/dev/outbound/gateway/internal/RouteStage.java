package dev.outbound.gateway.internal;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.gateway.spi.OutboundRequest;
import dev.outbound.gateway.spi.ProviderAdapter;
import java.net.URI;

/**
 * Stage 6: the adapter builds the URL from the account's base URL, the pinned API version (account override, else
 * provider default) and the path; a host outside the provider's allowlist fails the call here, before any
 * credential is attached. Routing comes before credentials (DESIGN.md lists it after) for exactly that reason.
 */
final class RouteStage implements Interceptor {

    @Override
    public IntegrationResponse intercept(Chain chain) {
        CallState call = chain.call();
        ProviderAdapter adapter = call.adapter();
        String version = call.settings().apiVersion().orElse(adapter.defaultApiVersion());
        URI url;
        try {
            url = adapter.resolveUrl(call.settings(), version, chain.request().encodedPath());
        } catch (IllegalArgumentException e) {
            throw call.fail(ErrorCategory.VALIDATION_ERROR, Reasons.INVALID_REQUEST,
                    "cannot build the URL for " + chain.request().pathTemplate() + ": " + e.getMessage());
        }
        if (!adapter.allowedHosts().allows(url.getHost())) {
            throw call.fail(ErrorCategory.VALIDATION_ERROR, Reasons.HOST_NOT_ALLOWED, "host " + url.getHost()
                    + " is not on the allowlist of " + adapter.providerId() + " " + adapter.allowedHosts());
        }
        OutboundRequest routed = adapter.applyVersion(chain.request().toBuilder().url(url).build(), version);
        call.routedRequest(routed);
        return chain.proceed(routed);
    }
}
