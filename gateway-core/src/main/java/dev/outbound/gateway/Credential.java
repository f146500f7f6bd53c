package dev.outbound.gateway;

import dev.outbound.errors.SafeText;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

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
     * Every secret value of this credential in the forms it is sent in (a basic-auth password also as its encoded
     * header value), so the pipeline can remove them from any text that leaves it. Never log these.
     */
    List<String> secretValues();

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
            requireToken(accessToken, "accessToken");
            refreshToken = refreshToken == null ? "" : refreshToken;
            if (!refreshToken.isEmpty()) {
                requireToken(refreshToken, "refreshToken");
            }
            scope = scope == null ? "" : scope;
            requireNoControl(scope, "scope");
        }

        @Override
        public List<String> secretValues() {
            return List.of(accessToken, refreshToken);
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
            requireToken(clientId, "clientId");
            requireToken(clientSecret, "clientSecret");
            requireToken(tokenUrl, "tokenUrl");
            scope = scope == null ? "" : scope;
            requireNoControl(scope, "scope");
            accessToken = accessToken == null ? "" : accessToken;
            if (!accessToken.isEmpty()) {
                requireToken(accessToken, "accessToken");
            }
        }

        @Override
        public List<String> secretValues() {
            return List.of(clientSecret, accessToken);
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

        /** RFC 9110 token: the characters a header name may have. */
        private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

        public ApiKey {
            requireToken(key, "key");
            Objects.requireNonNull(placement, "placement");
            requireToken(name, "name");
            if (placement == Placement.HEADER && !HEADER_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("name must be an HTTP header name (RFC 9110 token characters)");
            }
        }

        @Override
        public List<String> secretValues() {
            return List.of(key);
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
            requireNoControl(username, "username");
            Objects.requireNonNull(password, "password");
            requireNoControl(password, "password");
            if (username.indexOf(':') >= 0) {
                throw new IllegalArgumentException("username must not contain ':' (RFC 7617)");
            }
        }

        /** The {@code Authorization} header value: {@code Basic} and the UTF-8 user-pass, base64-encoded. */
        public String headerValue() {
            return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public List<String> secretValues() {
            return List.of(password, headerValue().substring("Basic ".length()));
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
            requireToken(realm, "realm");
            requireToken(consumerKey, "consumerKey");
            requireText(consumerSecret, "consumerSecret");
            requireNoControl(consumerSecret, "consumerSecret");
            requireToken(tokenId, "tokenId");
            requireText(tokenSecret, "tokenSecret");
            requireNoControl(tokenSecret, "tokenSecret");
        }

        @Override
        public List<String> secretValues() {
            return List.of(consumerKey, consumerSecret, tokenId, tokenSecret);
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
        public List<String> secretValues() {
            return List.of(privateKeyPem);
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

    /**
     * A value sent in a header, query parameter or signature: visible ASCII only. The message names the field and
     * the kind of character, never the value, so a bad secret cannot leak through the exception that rejects it.
     */
    private static void requireToken(String value, String name) {
        requireText(value, name);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException(name + " must contain only visible ASCII characters; found "
                        + SafeText.kind(c) + " at position " + (i + 1) + " of " + value.length());
            }
        }
    }

    private static void requireNoControl(String value, String name) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException(name + " must not contain control characters; found "
                        + SafeText.kind(c) + " at position " + (i + 1) + " of " + value.length());
            }
        }
    }
}
