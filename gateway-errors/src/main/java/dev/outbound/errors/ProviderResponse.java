package dev.outbound.errors;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a classifier sees of a provider's answer: status, headers and a bounded prefix of the body.
 *
 * <p>The body is at most the capture limit the transport was configured with (64 KiB by default): a provider that
 * sends a 10 MiB error page is never held in memory whole. {@code bodyTruncated} says whether more followed.
 * Header names are matched case-insensitively. Immutable and thread-safe (the body array is not copied for speed;
 * do not modify it).
 *
 * @param status HTTP status code
 * @param headers response headers, names case-insensitive
 * @param body the body, or its first bytes when {@code bodyTruncated}
 * @param bodyTruncated whether the body was cut at the capture limit
 */
public record ProviderResponse(int status, Map<String, List<String>> headers, byte[] body, boolean bodyTruncated) {

    public ProviderResponse {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must be a 3-digit HTTP status, was " + status);
        }
        headers = caseInsensitiveCopy(headers);
        body = body == null ? new byte[0] : body;
    }

    /** A response with a complete body. */
    public static ProviderResponse of(int status, Map<String, List<String>> headers, byte[] body) {
        return new ProviderResponse(status, headers, body, false);
    }

    /** The first value of a header, if present. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    /** The media type of the body in lower case without parameters, or empty. */
    public String contentType() {
        return header("Content-Type").map(v -> {
            int semi = v.indexOf(';');
            return (semi >= 0 ? v.substring(0, semi) : v).trim().toLowerCase(Locale.ROOT);
        }).orElse("");
    }

    /** The body decoded with the charset the Content-Type names, else UTF-8. Malformed bytes become U+FFFD. */
    public String bodyText() {
        return new String(body, charset());
    }

    /** The charset the Content-Type names when the JDK supports it, else UTF-8. */
    public Charset charset() {
        return declaredCharset().orElse(StandardCharsets.UTF_8);
    }

    /** The charset the Content-Type names, if any and supported. */
    public Optional<Charset> declaredCharset() {
        return header("Content-Type").flatMap(ProviderResponse::charsetOf);
    }

    public boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    private static Optional<Charset> charsetOf(String contentType) {
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                try {
                    return Optional.of(Charset.forName(p.substring(8).replace("\"", "").trim()));
                } catch (RuntimeException unsupported) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, List<String>> caseInsensitiveCopy(Map<String, List<String>> headers) {
        if (headers == null || headers.isEmpty()) {
            return Collections.emptyMap();
        }
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.merge(k, List.copyOf(v), (a, b) -> {
                    List<String> all = new java.util.ArrayList<>(a);
                    all.addAll(b);
                    return List.copyOf(all);
                });
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public String toString() {
        return "ProviderResponse[status=" + status + ", contentType=" + contentType() + ", bodyBytes=" + body.length
                + (bodyTruncated ? "+" : "") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProviderResponse r && r.status == status && r.headers.equals(headers)
                && java.util.Arrays.equals(r.body, body) && r.bodyTruncated == bodyTruncated;
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, java.util.Arrays.hashCode(body), bodyTruncated);
    }
}
