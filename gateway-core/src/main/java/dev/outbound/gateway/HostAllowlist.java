package dev.outbound.gateway;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The hosts a provider's calls may reach: exact names ({@code api.hubapi.com}) and suffix wildcards
 * ({@code *.my.salesforce.com}, which matches sub-domains only, never the bare suffix). Checked before a request is
 * sent and for every redirect. Immutable and thread-safe.
 */
public final class HostAllowlist {
    private final List<String> patterns;

    private HostAllowlist(List<String> patterns) {
        this.patterns = patterns;
    }

    /** An allowlist of the given patterns; at least one is required. */
    public static HostAllowlist of(String... patterns) {
        return of(List.of(patterns));
    }

    public static HostAllowlist of(List<String> patterns) {
        Objects.requireNonNull(patterns, "patterns");
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("a host allowlist needs at least one host pattern");
        }
        List<String> normalized = patterns.stream().map(HostAllowlist::normalize).toList();
        return new HostAllowlist(normalized);
    }

    public boolean allows(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        for (String p : patterns) {
            if (p.startsWith("*.") ? h.endsWith(p.substring(1)) && h.length() > p.length() - 1 : h.equals(p)) {
                return true;
            }
        }
        return false;
    }

    public List<String> patterns() {
        return patterns;
    }

    private static String normalize(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("host pattern must not be blank");
        }
        String p = pattern.trim().toLowerCase(Locale.ROOT);
        if (p.contains("/") || p.contains(":") || p.indexOf('*', p.startsWith("*.") ? 1 : 0) >= 0) {
            throw new IllegalArgumentException("invalid host pattern '" + pattern
                    + "': expected a host name or '*.suffix', without scheme, port or path");
        }
        return p;
    }

    @Override
    public String toString() {
        return patterns.toString();
    }
}
