package dev.outbound.gateway;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The secret material that authenticates one account's calls. Every kind is a record; none of their
 * {@code toString} methods shows a secret (only non-secret identifiers and the expiry), so a credential that ends up
 * in a log line or exception message leaks nothing. Immutable and thread-safe.
 */
public sealed interface Credential {

    /** When this credential stops working, if it has a known expiry. */
    default Optional<Instant> expiresAt() {
        return Optional.empty();
    }

    /** A short name of the kind, safe to log: {@code oauth2}, {@code api_key}, ... */
    String kind();

    /**
     * An OAuth 2.0 access token, with the refresh token that renews it when there is one (authorization-code
     * grant).
     *
     * @param accessToken the bearer token
     * @param refreshToken the refresh token, empty when the grant has none
     * @param expiry when the access token expires, {@code null} when unknown
     * @param scope granted scopes, space-separated, possibly empty
     */
    record OAuth2Token(String accessToken, String refreshToken, Instant expiry, String scope) implements Credential {
        public OAuth2Token {
            requireText(accessToken, "accessToken");
            refreshToken = refreshToken == null ? "" : refreshToken;
            scope = scope == null ? "" : scope;
        }

        public static OAuth2Token bearer(String accessToken, Instant expiry) {
            return new OAuth2Token(accessToken, "", expiry, "");
        }

        @Override
        public Optional<Instant> expiresAt() {
            return Optional.ofNullable(expiry);
        }

        public boolean hasRefreshToken() {
            return !refreshToken.isEmpty();
        }

        @Override
        public String kind() {
            return "oauth2";
        }

        @Override
        public String toString() {
            return "OAuth2Token[accessToken=***, refreshToken=" + (hasRefreshToken() ? "***" : "none") + ", expiry="
                    + expiry + ", scope=" + scope + "]";
        }
    }

    /**
     * OAuth 2.0 client-credentials grant (SAP S/4HANA, Coupa, Dynamics through Microsoft Entra): the client id and
     * secret, and the access token currently issued for them, if any.
     *
     * @param clientId the client id (not secret)
     * @param clientSecret the client secret
     * @param tokenUrl the token endpoint
     * @param scope requested scopes, possibly empty
     * @param accessToken the current access token, empty when none has been issued yet
     * @param expiry when {@code accessToken} expires, {@code null} when none or unknown
     */
    record ClientCredentials(String clientId, String clientSecret, String tokenUrl, String scope, String accessToken,
                             Instant expiry) implements Credential {
        public ClientCredentials {
            requireText(clientId, "clientId");
            requireText(clientSecret, "clientSecret");
            requireText(tokenUrl, "tokenUrl");
            scope = scope == null ? "" : scope;
            accessToken = accessToken == null ? "" : accessToken;
        }

        public boolean hasAccessToken() {
            return !accessToken.isEmpty();
        }

        public ClientCredentials withAccessToken(String token, Instant expiry) {
            return new ClientCredentials(clientId, clientSecret, tokenUrl, scope, token, expiry);
        }

        @Override
        public Optional<Instant> expiresAt() {
            return Optional.ofNullable(expiry);
        }

        @Override
        public String kind() {
            return "client_credentials";
        }

        @Override
        public String toString() {
            return "ClientCredentials[clientId=" + clientId + ", clientSecret=***, tokenUrl=" + tokenUrl
                    + ", accessToken=" + (hasAccessToken() ? "***" : "none") + ", expiry=" + expiry + "]";
        }
    }

    /**
     * A static API key, sent in a header or a query parameter.
     *
     * @param key the key
     * @param placement where it goes
     * @param name the header or query parameter name, e.g. {@code X-Api-Key}
     */
    record ApiKey(String key, Placement placement, String name) implements Credential {
        /** Where an API key is sent. */
        public enum Placement { HEADER, QUERY }

        public ApiKey {
            requireText(key, "key");
            Objects.requireNonNull(placement, "placement");
            requireText(name, "name");
        }

        public static ApiKey header(String name, String key) {
            return new ApiKey(key, Placement.HEADER, name);
        }

        public static ApiKey query(String name, String key) {
            return new ApiKey(key, Placement.QUERY, name);
        }

        @Override
        public String kind() {
            return "api_key";
        }

        @Override
        public String toString() {
            return "ApiKey[" + placement.name().toLowerCase(java.util.Locale.ROOT) + " " + name + "=***]";
        }
    }

    /**
     * HTTP basic authentication, e.g. a Workday integration system user.
     *
     * @param username the user name (not secret)
     * @param password the password
     */
    record BasicAuth(String username, String password) implements Credential {
        public BasicAuth {
            requireText(username, "username");
            Objects.requireNonNull(password, "password");
            if (username.indexOf(':') >= 0) {
                throw new IllegalArgumentException("username must not contain ':' (RFC 7617)");
            }
        }

        @Override
        public String kind() {
            return "basic";
        }

        @Override
        public String toString() {
            return "BasicAuth[username=" + username + ", password=***]";
        }
    }

    /**
     * NetSuite token-based authentication (OAuth 1.0a, HMAC-SHA256).
     *
     * @param realm the NetSuite account id, e.g. {@code 1234567_SB1}
     * @param consumerKey the integration record's consumer key
     * @param consumerSecret the integration record's consumer secret
     * @param tokenId the access token id
     * @param tokenSecret the access token secret
     */
    record NetSuiteTba(String realm, String consumerKey, String consumerSecret, String tokenId, String tokenSecret)
            implements Credential {
        public NetSuiteTba {
            requireText(realm, "realm");
            requireText(consumerKey, "consumerKey");
            requireText(consumerSecret, "consumerSecret");
            requireText(tokenId, "tokenId");
            requireText(tokenSecret, "tokenSecret");
        }

        @Override
        public String kind() {
            return "netsuite_tba";
        }

        @Override
        public String toString() {
            return "NetSuiteTba[realm=" + realm + ", consumerKey=***, consumerSecret=***, tokenId=***, tokenSecret=***]";
        }
    }

    /**
     * A client certificate for mutual TLS.
     *
     * @param certificateChainPem the certificate chain, PEM
     * @param privateKeyPem the private key, PEM (PKCS#8)
     */
    record ClientCertificate(String certificateChainPem, String privateKeyPem) implements Credential {
        public ClientCertificate {
            requireText(certificateChainPem, "certificateChainPem");
            requireText(privateKeyPem, "privateKeyPem");
        }

        @Override
        public String kind() {
            return "client_certificate";
        }

        @Override
        public String toString() {
            return "ClientCertificate[chain=" + certificateChainPem.length() + " chars, privateKey=***]";
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
