package dev.outbound.gateway.spi;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.IntegrationResponse;

/**
 * One attempt's HTTP exchange as {@link ProviderAdapter#exchange(Exchange)} sees it: the account, the routed and
 * authenticated request, and a way to send a request on the gateway's transport and get the raw answer back.
 * Created per attempt; used by one thread.
 */
public interface Exchange {

    /** The account the call is made for (for per-account handshake state such as SAP's CSRF token). */
    AccountKey account();

    /** The request as routed and authenticated, ready to send. */
    OutboundRequest request();

    /**
     * Sends {@code request} on the gateway's transport (per-provider timeouts, redirects checked, bodies bounded)
     * and returns the raw response, error statuses included: nothing is classified here. The request's URL must
     * be absolute and its host on the provider's allowlist. Credentials go only to the origin (scheme, host, port)
     * the call was routed to: sent anywhere else, the request leaves without any header or query parameter the
     * credential stage added.
     *
     * @throws IllegalStateException when the request has no URL or its host is not allowed
     */
    IntegrationResponse send(OutboundRequest request);
}
