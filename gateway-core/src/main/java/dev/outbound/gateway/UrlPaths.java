package dev.outbound.gateway;

import java.net.URI;
import java.net.URISyntaxException;

/** Joins a base URL and encoded path segments with exactly one slash between parts. Stateless and thread-safe. */
public final class UrlPaths {
    private UrlPaths() {
    }

    /**
     * {@code base} + each non-empty part, e.g. {@code join(https://h/api, "v2", "items/1")} is
     * {@code https://h/api/v2/items/1}. Parts must already be percent-encoded.
     */
    public static URI join(URI base, String... encodedParts) {
        StringBuilder path = new StringBuilder(base.getRawPath() == null ? "" : base.getRawPath());
        for (String part : encodedParts) {
            if (part == null || part.isEmpty()) {
                continue;
            }
            String p = part;
            while (p.startsWith("/")) {
                p = p.substring(1);
            }
            if (path.length() == 0 || path.charAt(path.length() - 1) != '/') {
                path.append('/');
            }
            path.append(p);
        }
        try {
            String authority = base.getRawAuthority();
            return new URI(base.getScheme() + "://" + authority + path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot join base URL host " + base.getHost() + " with the path", e);
        }
    }
}
