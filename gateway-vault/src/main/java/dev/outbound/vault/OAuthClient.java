package dev.outbound.vault;

import java.util.Objects;

/**
 * The OAuth 2.0 client an authorization-code grant was issued to: where its refresh tokens are redeemed and how the
 * client authenticates there. Its {@code toString} hides the secret. Immutable and thread-safe.
 *
 * @param tokenUrl the token endpoint
 * @param clientId the client id
 * @param clientSecret the client secret
 * @param basicAuth true to send the client credentials as HTTP Basic (NetSuite, Salesforce accept both), false to
 *     send them in the form body
 */
public record OAuthClient(String tokenUrl, String clientId, String clientSecret, boolean basicAuth) {
    public OAuthClient {
        Objects.requireNonNull(tokenUrl, "tokenUrl");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
    }

    @Override
    public String toString() {
        return "OAuthClient[tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", clientSecret=***, basicAuth="
                + basicAuth + "]";
    }
}
