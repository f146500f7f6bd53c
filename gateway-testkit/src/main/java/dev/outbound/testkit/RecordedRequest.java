package dev.outbound.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One request that a {@link SimulatedProvider} received, as the test sees it in {@link SimulatedProvider#requests()}.
 *
 * <p>Immutable and thread-safe: the header map looks names up case-insensitively and cannot be changed, and
 * {@link #body()} returns a copy.
 *
 * @param method  the HTTP method, upper case
 * @param path    the path with its query string, as sent (e.g. {@code /api/items?limit=10})
 * @param headers every header with all its values; {@code get} ignores the case of the name
 * @param body    the body bytes (empty when there was none)
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, byte[] body) {

    /** Copies its arguments; {@code headers} becomes a case-insensitive, unmodifiable map. */
    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.merge(name, List.copyOf(values), RecordedRequest::concat));
        headers = Collections.unmodifiableMap(copy);
        body = body.clone();
    }

    /** A copy of the body bytes. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of header {@code name} (any case), if it was sent. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(Objects.requireNonNull(name, "name"));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The path without its query string. */
    public String pathWithoutQuery() {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecordedRequest that
                && method.equals(that.method)
                && path.equals(that.path)
                && headers.equals(that.headers)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, headers) * 31 + Arrays.hashCode(body);
    }

    /** Method, path, header names and body size; never header values or the body, which may hold secrets. */
    @Override
    public String toString() {
        return "RecordedRequest[" + method + " " + path + ", headers " + headers.keySet() + ", " + body.length
                + " body bytes]";
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
