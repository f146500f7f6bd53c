package dev.outbound.testkit.vault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The emulator's auth methods: known tokens, AppRole logins, forbidden path prefixes, and the {@code auth} and
 * token lookup bodies Vault answers. Thread-safe.
 */
final class VaultAuth {
    private final Map<String, Boolean> tokens = new ConcurrentHashMap<>();
    private final Map<String, String> appRoles = new ConcurrentHashMap<>();
    private final List<String> forbidden = new CopyOnWriteArrayList<>();
    private final AtomicInteger logins = new AtomicInteger();
    private final long tokenTtlSeconds;

    VaultAuth(Map<String, String> appRoles, long tokenTtlSeconds) {
        this.appRoles.putAll(appRoles);
        this.tokenTtlSeconds = tokenTtlSeconds;
    }

    void addToken(String token) {
        tokens.put(token, Boolean.TRUE);
    }

    void revokeToken(String token) {
        tokens.remove(token);
    }

    void forbid(String pathPrefix) {
        forbidden.add(pathPrefix);
    }

    void allowAll() {
        forbidden.clear();
    }

    int logins() {
        return logins.get();
    }

    /** Whether this token (possibly null) may use this API path. */
    boolean permits(String token, String path) {
        return token != null && tokens.containsKey(token) && forbidden.stream().noneMatch(path::startsWith);
    }

    /** A new token when the role's secret id matches; empty otherwise. */
    Optional<String> appRoleLogin(String roleId, String secretId) {
        if (secretId.isEmpty() || !secretId.equals(appRoles.get(roleId))) {
            return Optional.empty();
        }
        String token = "hvs.emu-" + UUID.randomUUID();
        tokens.put(token, Boolean.TRUE);
        logins.incrementAndGet();
        return Optional.of(token);
    }

    /** The {@code auth} object of a login or renewal. */
    Map<String, Object> auth(String token) {
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("client_token", token);
        auth.put("accessor", accessor(token));
        auth.put("policies", List.of("default"));
        auth.put("token_policies", List.of("default"));
        auth.put("metadata", Map.of());
        auth.put("lease_duration", tokenTtlSeconds);
        auth.put("renewable", tokenTtlSeconds > 0);
        auth.put("token_type", "service");
        auth.put("orphan", true);
        return auth;
    }

    /** The {@code data} of {@code auth/token/lookup-self}. */
    Map<String, Object> tokenInfo(String token) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("accessor", accessor(token));
        info.put("ttl", tokenTtlSeconds);
        info.put("renewable", tokenTtlSeconds > 0);
        info.put("policies", List.of("default"));
        info.put("type", "service");
        return info;
    }

    private static String accessor(String token) {
        return "acc-" + Integer.toHexString(token.hashCode());
    }
}
