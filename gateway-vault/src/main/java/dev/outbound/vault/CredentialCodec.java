package dev.outbound.vault;

import dev.outbound.gateway.Credential;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns credentials into the flat string maps stored as a Vault secret's data, and back. Stateless. */
final class CredentialCodec {
    static final String KIND = "kind";

    private CredentialCodec() {
    }

    static Map<String, Object> encode(Credential credential) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(KIND, credential.kind());
        if (credential instanceof Credential.OAuth2Token t) {
            m.put("access_token", t.accessToken());
            m.put("refresh_token", t.refreshToken());
            putInstant(m, "expires_at", t.expiry());
            m.put("scope", t.scope());
        } else if (credential instanceof Credential.ClientCredentials c) {
            m.put("client_id", c.clientId());
            m.put("client_secret", c.clientSecret());
            m.put("token_url", c.tokenUrl());
            m.put("scope", c.scope());
            m.put("access_token", c.accessToken());
            putInstant(m, "expires_at", c.expiry());
        } else if (credential instanceof Credential.ApiKey k) {
            m.put("key", k.key());
            m.put("placement", k.placement().name());
            m.put("name", k.name());
        } else if (credential instanceof Credential.BasicAuth b) {
            m.put("username", b.username());
            m.put("password", b.password());
        } else if (credential instanceof Credential.NetSuiteTba n) {
            m.put("realm", n.realm());
            m.put("consumer_key", n.consumerKey());
            m.put("consumer_secret", n.consumerSecret());
            m.put("token_id", n.tokenId());
            m.put("token_secret", n.tokenSecret());
        } else if (credential instanceof Credential.ClientCertificate c) {
            m.put("certificate_chain_pem", c.certificateChainPem());
            m.put("private_key_pem", c.privateKeyPem());
        }
        return m;
    }

    /**
     * @throws IllegalArgumentException for an unknown kind or a missing field; the message names fields, never
     *     values
     */
    static Credential decode(Map<String, ?> m) {
        String kind = str(m, KIND);
        return switch (kind) {
            case "oauth2" -> new Credential.OAuth2Token(str(m, "access_token"), opt(m, "refresh_token"),
                    instant(m, "expires_at"), opt(m, "scope"));
            case "client_credentials" -> new Credential.ClientCredentials(str(m, "client_id"),
                    str(m, "client_secret"), str(m, "token_url"), opt(m, "scope"), opt(m, "access_token"),
                    instant(m, "expires_at"));
            case "api_key" -> new Credential.ApiKey(str(m, "key"),
                    Credential.ApiKey.Placement.valueOf(str(m, "placement")), str(m, "name"));
            case "basic" -> new Credential.BasicAuth(str(m, "username"), opt(m, "password"));
            case "netsuite_tba" -> new Credential.NetSuiteTba(str(m, "realm"), str(m, "consumer_key"),
                    str(m, "consumer_secret"), str(m, "token_id"), str(m, "token_secret"));
            case "client_certificate" -> new Credential.ClientCertificate(str(m, "certificate_chain_pem"),
                    str(m, "private_key_pem"));
            default -> throw new IllegalArgumentException("unknown credential kind '" + kind + "'");
        };
    }

    private static void putInstant(Map<String, Object> m, String key, Instant value) {
        m.put(key, value == null ? "" : value.toString());
    }

    private static String str(Map<String, ?> m, String key) {
        Object v = m.get(key);
        if (v == null || v.toString().isEmpty()) {
            throw new IllegalArgumentException("stored credential lacks field '" + key + "'");
        }
        return v.toString();
    }

    private static String opt(Map<String, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : v.toString();
    }

    private static Instant instant(Map<String, ?> m, String key) {
        String v = opt(m, key);
        return v.isEmpty() ? null : Instant.parse(v);
    }
}
