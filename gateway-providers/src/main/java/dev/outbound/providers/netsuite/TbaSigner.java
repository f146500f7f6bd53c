package dev.outbound.providers.netsuite;

import dev.outbound.gateway.Credential;
import dev.outbound.gateway.spi.OutboundRequest;

/**
 * Signs a routed request with NetSuite token-based authentication (OAuth 1.0a-style, HMAC-SHA256, fresh nonce and
 * timestamp per request). The signing itself belongs to the credentials module: {@code dev.outbound.vault
 * .NetSuiteTbaSigner} fits as a method reference ({@code new NetSuiteTbaSigner(clock)::sign}); this interface
 * exists so that the provider module does not depend on the vault module. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TbaSigner {

    /** Returns {@code request} (which has its absolute URL) with the TBA {@code Authorization} header. */
    OutboundRequest sign(OutboundRequest request, Credential.NetSuiteTba credential);

    /** A signer that refuses: for gateways whose NetSuite accounts all use OAuth 2.0. */
    static TbaSigner unavailable() {
        return (request, credential) -> {
            throw new IllegalStateException("NetSuite TBA credential for realm " + credential.realm()
                    + " but no TbaSigner was configured (BuiltInProviders.builder().netSuiteSigner(...))");
        };
    }
}
