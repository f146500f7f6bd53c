package dev.outbound.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A successful provider response: status, headers (names case-insensitive) and the whole body. Errors never come
 * back as a response; they are thrown as {@link dev.outbound.errors.IntegrationException}. Immutable and
 * thread-safe (do not modify the body array).
 */
public final class IntegrationResponse {
    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final boolean bodyTruncated;

    public IntegrationResponse(int status, Map<String, List<String>> headers, byte[] body, boolean bodyTruncated) {
        this.status = status;
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = body;
        this.bodyTruncated = bodyTruncated;
    }

    public int status() {
        return status;
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    public Optional<String> header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    public byte[] body() {
        return body;
    }

    /** Whether the transport stopped reading at its capture limit (only ever true for error responses). */
    public boolean bodyTruncated() {
        return bodyTruncated;
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Status and size only; never the body. */
    @Override
    public String toString() {
        return "IntegrationResponse[status=" + status + ", bodyBytes=" + body.length + "]";
    }
}
