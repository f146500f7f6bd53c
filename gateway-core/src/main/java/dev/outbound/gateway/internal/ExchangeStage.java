package dev.outbound.gateway.internal;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.gateway.spi.Exchange;
import dev.outbound.gateway.spi.OutboundRequest;
import java.net.URI;

/**
 * Stage between classify and transport: hands the attempt to the adapter's {@code exchange} hook, so that a
 * provider handshake (SAP's CSRF token fetch and one transparent retry) happens inside one attempt, on the shared
 * transport, before the response is classified. Requests the hook sends are checked against the allowlist again, and
 * the transport sends them with the call's credentials only to the origin the call was routed to.
 */
final class ExchangeStage implements Interceptor {

    @Override
    public IntegrationResponse intercept(Chain chain) {
        CallState call = chain.call();
        Exchange exchange = new Exchange() {
            @Override
            public AccountKey account() {
                return call.account();
            }

            @Override
            public OutboundRequest request() {
                return chain.request();
            }

            @Override
            public IntegrationResponse send(OutboundRequest request) {
                URI url = request.url().orElseThrow(() -> new IllegalStateException(
                        "ExchangeStage: adapter " + call.adapter().providerId() + " sent a request without a URL"));
                if (!call.adapter().allowedHosts().allows(url.getHost())) {
                    throw new IllegalStateException("ExchangeStage: adapter " + call.adapter().providerId()
                            + " sent a request to host " + url.getHost() + ", which is not on its allowlist");
                }
                return chain.proceed(request);
            }
        };
        IntegrationResponse response = call.adapter().exchange(exchange);
        if (response == null) {
            throw new IllegalStateException("ExchangeStage: exchange() of adapter " + call.adapter().providerId()
                    + " returned null");
        }
        return response;
    }
}
