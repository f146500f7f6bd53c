package dev.outbound.testkit;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One response that a {@link SimulatedProvider} gives: a status, headers and a body, or a network fault; optionally
 * late (a fixed delay) or trickled out in chunks. Made by the factories in {@link Responses} and refined with the
 * {@code with...} methods, each of which returns a new response.
 *
 * <p>Immutable and thread-safe. A body is held once, however many requests the response answers.
 */
public final class SimulatedResponse {

    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final Fault fault;
    private final Duration delay;
    private final int dribbleChunks;
    private final Duration dribbleDuration;

    private SimulatedResponse(int status, Map<String, List<String>> headers, byte[] body, Fault fault,
                              Duration delay, int dribbleChunks, Duration dribbleDuration) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.fault = fault;
        this.delay = delay;
        this.dribbleChunks = dribbleChunks;
        this.dribbleDuration = dribbleDuration;
    }

    static SimulatedResponse of(int status, byte[] body) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be between 100 and 599: " + status);
        }
        return new SimulatedResponse(status, Map.of(), body, null, Duration.ZERO, 0, Duration.ZERO);
    }

    static SimulatedResponse fault(Fault fault) {
        return new SimulatedResponse(0, Map.of(), null, fault, Duration.ZERO, 0, Duration.ZERO);
    }

    /** This response with one more value for header {@code name} (earlier values of that header are kept). */
    public SimulatedResponse withHeader(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        requireNoFault("withHeader");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
        copy.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        copy.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new SimulatedResponse(status, Collections.unmodifiableMap(frozen), body, fault, delay,
                dribbleChunks, dribbleDuration);
    }

    /**
     * This response sent only after {@code delay}: the way to make a client time out. The server thread waits, the
     * test does not.
     */
    public SimulatedResponse withDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        return new SimulatedResponse(status, headers, body, fault, delay, dribbleChunks, dribbleDuration);
    }

    /**
     * This response with its body sent in {@code chunks} pieces spread over {@code total}: headers arrive at once,
     * the body slowly (a read timeout in the middle of a body).
     */
    public SimulatedResponse withDribbledBody(int chunks, Duration total) {
        Objects.requireNonNull(total, "total");
        if (chunks < 1) {
            throw new IllegalArgumentException("chunks must be at least 1: " + chunks);
        }
        if (total.isNegative()) {
            throw new IllegalArgumentException("total must not be negative: " + total);
        }
        requireNoFault("withDribbledBody");
        return new SimulatedResponse(status, headers, body, fault, delay, chunks, total);
    }

    /** The HTTP status, or 0 for a fault. */
    public int status() {
        return status;
    }

    /** The headers this response adds, in the order they were added; immutable. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The size of the body in bytes (0 when there is none). */
    public int bodyLength() {
        return body == null ? 0 : body.length;
    }

    /** Whether this response is a network fault rather than an HTTP response. */
    public boolean isFault() {
        return fault != null;
    }

    /** How long the server waits before answering. */
    public Duration delay() {
        return delay;
    }

    ResponseDefinitionBuilder toWireMock() {
        ResponseDefinitionBuilder builder = ResponseDefinitionBuilder.responseDefinition();
        if (fault != null) {
            builder.withFault(fault);
        } else {
            builder.withStatus(status);
            headers.forEach((name, values) -> builder.withHeader(name, values.toArray(String[]::new)));
            if (body != null) {
                builder.withBody(body);
            }
            if (dribbleChunks > 0) {
                builder.withChunkedDribbleDelay(dribbleChunks, Math.toIntExact(dribbleDuration.toMillis()));
            }
        }
        if (!delay.isZero()) {
            builder.withFixedDelay(Math.toIntExact(delay.toMillis()));
        }
        return builder;
    }

    private void requireNoFault(String method) {
        if (fault != null) {
            throw new IllegalStateException(method + " does not apply to a fault (" + fault + ")");
        }
    }

    @Override
    public String toString() {
        String what = fault != null ? "fault " + fault : "status " + status + ", " + bodyLength() + " body bytes";
        return "SimulatedResponse[" + what + (delay.isZero() ? "" : ", delay " + delay) + "]";
    }
}
