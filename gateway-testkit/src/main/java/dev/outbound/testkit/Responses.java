package dev.outbound.testkit;

import com.github.tomakehurst.wiremock.http.Fault;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Factories for the responses a {@link SimulatedProvider} can give: ordinary bodies, the failures that real
 * providers produce (429 with {@code Retry-After}, errors reported with HTTP 200, slow answers, dropped
 * connections, redirects, huge bodies). Each returns a {@link SimulatedResponse} that can be refined further.
 *
 * <p>Stateless and thread-safe.
 */
public final class Responses {

    /** The IMF-fixdate form of an HTTP date (RFC 9110), always in GMT with a two-digit day. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private Responses() {
    }

    /** {@code status} with no body. */
    public static SimulatedResponse status(int status) {
        return SimulatedResponse.of(status, null);
    }

    /** {@code status} with a JSON body ({@code Content-Type: application/json}). */
    public static SimulatedResponse json(int status, String json) {
        return body(status, "application/json", utf8(json, "json"));
    }

    /** {@code status} with an XML body ({@code Content-Type: application/xml; charset=utf-8}). */
    public static SimulatedResponse xml(int status, String xml) {
        return body(status, "application/xml; charset=utf-8", utf8(xml, "xml"));
    }

    /** {@code status} with a plain-text body ({@code Content-Type: text/plain; charset=utf-8}). */
    public static SimulatedResponse text(int status, String text) {
        return body(status, "text/plain; charset=utf-8", utf8(text, "text"));
    }

    /** {@code status} with the given body bytes (copied) and content type. */
    public static SimulatedResponse body(int status, String contentType, byte[] body) {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        return SimulatedResponse.of(status, body.clone()).withHeader("Content-Type", contentType);
    }

    /**
     * HTTP 200 whose JSON body reports an error, as some providers do (a failed login, a failed write inside a
     * "successful" response). The classifier must not take the status at its word.
     */
    public static SimulatedResponse okWithErrorBody(String json) {
        return json(200, json);
    }

    /** 429 with {@code Retry-After} in seconds (rounded up to a whole second, at least 0). */
    public static SimulatedResponse tooManyRequests(Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
        }
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        return status(429).withHeader("Retry-After", Long.toString(seconds));
    }

    /** 429 with {@code Retry-After} as an HTTP date (e.g. {@code Thu, 01 Jan 2026 00:00:30 GMT}). */
    public static SimulatedResponse tooManyRequests(Instant retryAt) {
        Objects.requireNonNull(retryAt, "retryAt");
        return status(429).withHeader("Retry-After", httpDate(retryAt));
    }

    /** 429 with no {@code Retry-After} header. */
    public static SimulatedResponse tooManyRequests() {
        return status(429);
    }

    /** An empty 200 sent only after {@code delay}; see also {@link SimulatedResponse#withDelay}. */
    public static SimulatedResponse slow(Duration delay) {
        return status(200).withDelay(delay);
    }

    /**
     * The server resets the connection (TCP RST) instead of answering; the client sees an I/O error. Some clients
     * (the JDK's {@code HttpClient} among them) silently retry a GET once after a reset, so the journal may hold two
     * requests for one call.
     */
    public static SimulatedResponse connectionReset() {
        return SimulatedResponse.fault(Fault.CONNECTION_RESET_BY_PEER);
    }

    /** The server closes the connection without sending a byte. */
    public static SimulatedResponse emptyResponse() {
        return SimulatedResponse.fault(Fault.EMPTY_RESPONSE);
    }

    /** A 200 whose chunked body is malformed, then the connection closes. */
    public static SimulatedResponse malformedChunk() {
        return SimulatedResponse.fault(Fault.MALFORMED_RESPONSE_CHUNK);
    }

    /** Garbage instead of an HTTP response, then the connection closes. */
    public static SimulatedResponse randomDataThenClose() {
        return SimulatedResponse.fault(Fault.RANDOM_DATA_THEN_CLOSE);
    }

    /** 302 to {@code location}, which may point anywhere (another host, another scheme). */
    public static SimulatedResponse redirect(String location) {
        return redirect(302, location);
    }

    /** A redirect with the given 3xx status to {@code location}. */
    public static SimulatedResponse redirect(int status, String location) {
        Objects.requireNonNull(location, "location");
        if (status < 300 || status > 399) {
            throw new IllegalArgumentException("status must be a 3xx redirect: " + status);
        }
        return status(status).withHeader("Location", location);
    }

    /**
     * 200 with a body of exactly {@code bytes} bytes of printable ASCII ({@code application/octet-stream}). The
     * body is made once and shared by every request it answers.
     */
    public static SimulatedResponse largeBody(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        byte[] body = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        return SimulatedResponse.of(200, body).withHeader("Content-Type", "application/octet-stream");
    }

    /**
     * 200 with a valid JSON body of exactly {@code bytes} bytes: {@code {"data":"xxx..."}}. For testing limits on
     * the size of bodies that the client reads or parses.
     *
     * @throws IllegalArgumentException if {@code bytes} is less than 11, the size of {@code {"data":""}}
     */
    public static SimulatedResponse largeJson(int bytes) {
        byte[] prefix = "{\"data\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] suffix = "\"}".getBytes(StandardCharsets.US_ASCII);
        int minimum = prefix.length + suffix.length;
        if (bytes < minimum) {
            throw new IllegalArgumentException("bytes must be at least " + minimum + ": " + bytes);
        }
        byte[] body = new byte[bytes];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        Arrays.fill(body, prefix.length, bytes - suffix.length, (byte) 'x');
        System.arraycopy(suffix, 0, body, bytes - suffix.length, suffix.length);
        return SimulatedResponse.of(200, body).withHeader("Content-Type", "application/json");
    }

    /** {@code instant} as an HTTP date, e.g. {@code Thu, 01 Jan 2026 00:00:30 GMT} (fractions of a second dropped). */
    public static String httpDate(Instant instant) {
        return HTTP_DATE.format(Objects.requireNonNull(instant, "instant"));
    }

    private static byte[] utf8(String text, String what) {
        return Objects.requireNonNull(text, what).getBytes(StandardCharsets.UTF_8);
    }
}
