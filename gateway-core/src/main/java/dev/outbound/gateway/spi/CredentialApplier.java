package dev.outbound.gateway.spi;

import dev.outbound.gateway.Credential;

/**
 * Applies the common credential kinds to a request: bearer tokens, API keys (header or query) and basic auth; a
 * client certificate leaves the request as it is (the transport presents it for mutual TLS). Used
 * by {@link ProviderAdapter#authenticate} unless an adapter signs requests its own way (NetSuite TBA). Stateless
 * and thread-safe.
 */
public final class CredentialApplier {
    private CredentialApplier() {
    }

    /**
     * Returns {@code request} with {@code credential} applied.
     *
     * @throws IllegalStateException for credential kinds that need provider-specific signing; the message names
     *     the kind, never a secret
     */
    public static OutboundRequest apply(OutboundRequest request, Credential credential) {
        if (credential instanceof Credential.OAuth2Token t) {
            return request.toBuilder().header("Authorization", "Bearer " + t.accessToken()).build();
        }
        if (credential instanceof Credential.ClientCredentials c) {
            if (!c.hasAccessToken()) {
                throw new IllegalStateException("client credentials for client " + c.clientId()
                        + " have no access token yet; a TokenRefresher must obtain one before the call");
            }
            return request.toBuilder().header("Authorization", "Bearer " + c.accessToken()).build();
        }
        if (credential instanceof Credential.ApiKey k) {
            return k.placement() == Credential.ApiKey.Placement.HEADER
                    ? request.toBuilder().header(k.name(), k.key()).build()
                    : request.toBuilder().addQuery(k.name(), k.key()).build();
        }
        if (credential instanceof Credential.BasicAuth b) {
            return request.toBuilder().header("Authorization", b.headerValue()).build();
        }
        if (credential instanceof Credential.ClientCertificate) {
            return request; // presented by the transport in the TLS handshake, not carried by the request
        }
        throw new IllegalStateException("credential kind '" + credential.kind()
                + "' needs provider-specific signing; the provider adapter must override authenticate()");
    }
}
