package dev.outbound.gateway.spi;

import dev.outbound.errors.SafeText;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The HTTP request a call is about to send, as stages and adapters see it: method, the path template (for logs and
 * metrics, never the expanded path), the expanded and encoded path, query, headers, body, and — once the route
 * stage has run — the absolute URL. Immutable and thread-safe; derive changed copies with {@link #toBuilder()}.
 */
public final class OutboundRequest {
    private final String method;
    private final String pathTemplate;
    private final String encodedPath;
    private final Map<String, List<String>> query;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final String contentType;
    private final URI url;

    private OutboundRequest(Builder b) {
        this.method = b.method;
        this.pathTemplate = b.pathTemplate;
        this.encodedPath = b.encodedPath;
        this.query = unmodifiable(b.query, false);
        this.headers = unmodifiable(b.headers, true);
        this.body = b.body;
        this.contentType = b.contentType;
        this.url = b.url;
    }

    public static Builder builder(String method, String pathTemplate, String encodedPath) {
        return new Builder(method, pathTemplate, encodedPath);
    }

    public String method() {
        return method;
    }

    /** The path as the caller wrote it, e.g. {@code sobjects/Account/{id}}: safe for logs and metric tags. */
    public String pathTemplate() {
        return pathTemplate;
    }

    /** The path with variables expanded and percent-encoded, relative to the account's base URL. */
    public String encodedPath() {
        return encodedPath;
    }

    /** Query parameters, not yet encoded, in insertion order. */
    public Map<String, List<String>> query() {
        return query;
    }

    /** Headers; names are case-insensitive. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    public Optional<String> header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** The body, or an empty array. Do not modify. */
    public byte[] body() {
        return body;
    }

    public boolean hasBody() {
        return body.length > 0 || !contentType.isEmpty();
    }

    /** The body's media type, empty when there is no body. */
    public String contentType() {
        return contentType;
    }

    /** The absolute URL, once routed. */
    public Optional<URI> url() {
        return Optional.ofNullable(url);
    }

    /** Whether repeating this request cannot change the outcome (RFC 9110 idempotent methods). */
    public boolean idempotentMethod() {
        return switch (method) {
            case "GET", "HEAD", "PUT", "DELETE", "OPTIONS" -> true;
            default -> false;
        };
    }

    public Builder toBuilder() {
        Builder b = new Builder(method, pathTemplate, encodedPath);
        query.forEach((k, v) -> b.query.put(k, new ArrayList<>(v)));
        headers.forEach((k, v) -> b.headers.put(k, new ArrayList<>(v)));
        b.body = body;
        b.contentType = contentType;
        b.url = url;
        return b;
    }

    /** Method, path template and host only: never header values, query values or the body. */
    @Override
    public String toString() {
        return "OutboundRequest[" + method + " " + pathTemplate + (url == null ? "" : " @" + url.getHost()) + "]";
    }

    private static Map<String, List<String>> unmodifiable(Map<String, List<String>> source, boolean caseInsensitive) {
        Map<String, List<String>> copy = caseInsensitive ? new TreeMap<>(String.CASE_INSENSITIVE_ORDER)
                : new LinkedHashMap<>();
        source.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(copy);
    }

    /** Builds an {@link OutboundRequest}. Not thread-safe. */
    public static final class Builder {
        private final String method;
        private final String pathTemplate;
        private final String encodedPath;
        private final Map<String, List<String>> query = new LinkedHashMap<>();
        private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private byte[] body = new byte[0];
        private String contentType = "";
        private URI url;

        private Builder(String method, String pathTemplate, String encodedPath) {
            this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
            this.pathTemplate = Objects.requireNonNull(pathTemplate, "pathTemplate");
            this.encodedPath = Objects.requireNonNull(encodedPath, "encodedPath");
        }

        public Builder addQuery(String name, String value) {
            requireNoLineBreak(name, "query name");
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(Objects.requireNonNull(value, "query value"));
            return this;
        }

        /**
         * Replaces every value of a header. The name must be an RFC 9110 token and the value visible ASCII, space or
         * tab — what the transport can send; a message about a bad value names the header, never the value.
         *
         * @throws IllegalArgumentException for a name or value the transport could not send
         */
        public Builder header(String name, String value) {
            requireHeaderName(name);
            requireHeaderValue(value, name);
            List<String> values = new ArrayList<>(1);
            values.add(value);
            headers.put(name, values);
            return this;
        }

        public Builder removeHeader(String name) {
            headers.remove(name);
            return this;
        }

        public Builder body(byte[] body, String contentType) {
            this.body = body == null ? new byte[0] : body;
            this.contentType = contentType == null ? "" : contentType;
            return this;
        }

        public Builder url(URI url) {
            this.url = url;
            return this;
        }

        public OutboundRequest build() {
            return new OutboundRequest(this);
        }

        private static void requireNoLineBreak(String s, String what) {
            Objects.requireNonNull(s, what);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\r' || c == '\n' || c == 0) {
                    throw new IllegalArgumentException(what + " must not contain CR, LF or NUL");
                }
            }
        }

        private static void requireHeaderName(String name) {
            Objects.requireNonNull(name, "header name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("header name must not be empty");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                boolean token = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
                if (!token) {
                    throw new IllegalArgumentException("header name " + SafeText.quote(name) + " must be an RFC 9110 "
                            + "token; found " + SafeText.describe(c) + " at position " + (i + 1));
                }
            }
        }

        private static void requireHeaderValue(String value, String name) {
            Objects.requireNonNull(value, () -> "value of header " + name);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c != '\t' && (c < 0x20 || c > 0x7e)) {
                    throw new IllegalArgumentException("value of header " + name + " must contain only visible ASCII, "
                            + "space or tab; found " + SafeText.kind(c) + " at position " + (i + 1) + " of "
                            + value.length());
                }
            }
        }
    }
}
