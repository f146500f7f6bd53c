package dev.outbound.gateway;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What varies per account at one provider: its base URL (a Salesforce instance URL, an SAP host, a NetSuite
 * account's REST domain), a pinned API version that overrides the provider's default, and free-form attributes an
 * adapter may read (a NetSuite realm, a HubSpot app id). Immutable and thread-safe.
 *
 * @param baseUrl the account's base URL, when it differs from the provider's
 * @param apiVersion the version this account is pinned to, when it overrides the provider default
 * @param attributes adapter-specific, non-secret settings
 */
public record AccountSettings(Optional<URI> baseUrl, Optional<String> apiVersion, Map<String, String> attributes) {

    private static final AccountSettings NONE = new AccountSettings(Optional.empty(), Optional.empty(), Map.of());

    public AccountSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiVersion, "apiVersion");
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
        baseUrl.ifPresent(AccountSettings::requireHttpUrl);
        apiVersion.ifPresent(v -> {
            if (v.isBlank() || v.length() > 32 || !v.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("invalid apiVersion '" + v + "': expected 1-32 of A-Z a-z 0-9 . _ -");
            }
        });
    }

    /** No overrides: the provider's base URL and default version. */
    public static AccountSettings none() {
        return NONE;
    }

    public static AccountSettings ofBaseUrl(String baseUrl) {
        return new AccountSettings(Optional.of(URI.create(baseUrl)), Optional.empty(), Map.of());
    }

    public AccountSettings withApiVersion(String version) {
        return new AccountSettings(baseUrl, Optional.of(version), attributes);
    }

    public AccountSettings withBaseUrl(String url) {
        return new AccountSettings(Optional.of(URI.create(url)), apiVersion, attributes);
    }

    public AccountSettings withAttribute(String name, String value) {
        Map<String, String> copy = new java.util.HashMap<>(attributes);
        copy.put(name, value);
        return new AccountSettings(baseUrl, apiVersion, copy);
    }

    private static void requireHttpUrl(URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL with a host, was '" + uri + "'");
        }
        if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("baseUrl must not carry user info, a query or a fragment: '"
                    + uri.getScheme() + "://" + uri.getHost() + "/...'");
        }
    }
}
