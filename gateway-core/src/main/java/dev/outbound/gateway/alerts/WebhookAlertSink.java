package dev.outbound.gateway.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbound.gateway.spi.AlertSink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each alert event as JSON to a webhook, signed with HMAC-SHA256, on its own single delivery thread — so
 * {@link #send} only queues and never blocks the caller. Failed deliveries (connection errors, 429, 5xx) are retried
 * with exponential backoff and jitter up to a number of attempts; other 4xx answers are not retried. When more than
 * the queue capacity are waiting, new events are dropped with a log line rather than piling up.
 *
 * <p>Each request carries {@code X-Outbound-Timestamp} (epoch seconds) and {@code X-Outbound-Signature:
 * sha256=<hex>}, the HMAC-SHA256 of {@code timestamp + "." + body} under the shared secret, so the receiver can check
 * both origin and freshness; {@code Idempotency-Key} is the same for every retry of one event. Neither the secret nor
 * the webhook's path or query (which often hold a token) ever appears in a log line or in {@link #toString()}.
 * Thread-safe; close it on shutdown.
 */
public final class WebhookAlertSink implements AlertSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("dev.outbound.alerts");
    public static final String SIGNATURE_HEADER = "X-Outbound-Signature";
    public static final String TIMESTAMP_HEADER = "X-Outbound-Timestamp";

    private final URI uri;
    private final byte[] secret;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration timeout;
    private final int capacity;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ScheduledExecutorService executor;
    private final HttpClient http;
    private final AtomicInteger pending = new AtomicInteger();

    private WebhookAlertSink(Builder b) {
        this.uri = b.uri;
        this.secret = b.secret.clone();
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.timeout = b.timeout;
        this.capacity = b.capacity;
        this.clock = b.clock;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "outbound-alert-webhook");
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
        // Not the delivery thread as the client's executor: a blocking send on it would wait for itself.
        this.http = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * @param uri the webhook, http or https
     * @param secret the shared HMAC key, at least 16 bytes (copied)
     */
    public static Builder builder(URI uri, byte[] secret) {
        return new Builder(uri, secret);
    }

    @Override
    public void send(AlertEvent event) {
        Objects.requireNonNull(event, "event");
        if (pending.incrementAndGet() > capacity) {
            pending.decrementAndGet();
            log.warn("alert webhook {}: {} deliveries already waiting; dropped {} {}", uri.getHost(), capacity,
                    event.type().wireName(), event.key());
            return;
        }
        String body;
        try {
            body = json(event);
        } catch (JsonProcessingException e) {
            pending.decrementAndGet();
            log.warn("alert webhook {}: cannot write {} as JSON: {}", uri.getHost(), event.key(), e.getOriginalMessage());
            return;
        }
        try {
            executor.execute(() -> attempt(event, body, 1));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.decrementAndGet();
            log.warn("alert webhook {} is closed; dropped {} {}", uri.getHost(), event.type().wireName(), event.key());
        }
    }

    /** Deliveries queued or being retried. */
    public int pending() {
        return pending.get();
    }

    /** The signature header value for a body sent at {@code epochSeconds}: what a receiver recomputes. */
    public static String signature(byte[] secret, long epochSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = mac.doFinal((epochSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private void attempt(AlertEvent event, String body, int attempt) {
        String outcome;
        boolean retry;
        try {
            long ts = clock.instant().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", event.key() + ":" + event.type().wireName() + ":"
                            + event.at().toEpochMilli())
                    .header(TIMESTAMP_HEADER, Long.toString(ts))
                    .header(SIGNATURE_HEADER, signature(secret, ts, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                pending.decrementAndGet();
                log.debug("alert webhook {} took {} {} (attempt {})", uri.getHost(), event.type().wireName(),
                        event.key(), attempt);
                return;
            }
            outcome = "HTTP " + status;
            retry = status == 429 || status >= 500;
        } catch (IOException e) {
            outcome = e.getClass().getSimpleName();
            retry = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.decrementAndGet();
            return;
        }
        if (!retry || attempt >= maxAttempts) {
            pending.decrementAndGet();
            log.error("alert webhook {} did not take {} {}: {} after {} attempt(s); giving up", uri.getHost(),
                    event.type().wireName(), event.key(), outcome, attempt);
            return;
        }
        long ceiling = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt - 1, 20));
        long wait = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        log.warn("alert webhook {} did not take {} {}: {}; retrying in {} ms (attempt {} of {})", uri.getHost(),
                event.type().wireName(), event.key(), outcome, wait, attempt, maxAttempts);
        try {
            executor.schedule(() -> attempt(event, body, attempt + 1), wait, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.decrementAndGet();
        }
    }

    private String json(AlertEvent e) throws JsonProcessingException {
        ObjectNode n = mapper.createObjectNode();
        n.put("key", e.key());
        n.put("type", e.type().wireName());
        n.put("rule", e.rule());
        n.put("severity", e.severity());
        n.put("provider", e.account().provider());
        n.put("customer", e.account().customerId());
        n.put("integration", e.integration());
        n.put("headline", e.advice().headline());
        n.put("action", e.advice().action());
        n.put("summary", e.summary());
        n.put("since", e.since().toString());
        n.put("at", e.at().toString());
        return mapper.writeValueAsString(n);
    }

    /** Stops delivering; events still waiting are dropped (and counted in the log). */
    @Override
    public void close() {
        int left = executor.shutdownNow().size();
        if (left > 0 || pending.get() > 0) {
            log.warn("alert webhook {} closed with {} deliveries not made", uri.getHost(), pending.get());
        }
        Arrays.fill(secret, (byte) 0);
    }

    @Override
    public String toString() {
        return "WebhookAlertSink[" + uri.getScheme() + "://" + uri.getHost()
                + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + "/…]";
    }

    /** Builds a {@link WebhookAlertSink}. Not thread-safe. */
    public static final class Builder {
        private final URI uri;
        private final byte[] secret;
        private int maxAttempts = 6;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofMinutes(5);
        private Duration timeout = Duration.ofSeconds(10);
        private int capacity = 1000;
        private Clock clock = Clock.systemUTC();

        private Builder(URI uri, byte[] secret) {
            Objects.requireNonNull(uri, "uri");
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("uri must be an absolute http(s) URL, was scheme "
                        + uri.getScheme());
            }
            Objects.requireNonNull(secret, "secret");
            if (secret.length < 16) {
                throw new IllegalArgumentException("secret must be at least 16 bytes, was " + secret.length);
            }
            this.uri = uri;
            this.secret = secret.clone();
        }

        /** Attempts per event, first included; default 6. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** First and largest wait between attempts; defaults 1 s and 5 min. */
        public Builder backoff(Duration initial, Duration max) {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + ", " + max);
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** Connect and request timeout of one attempt; default 10 s. */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Most deliveries waiting at once; default 1,000. */
        public Builder capacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
            }
            this.capacity = capacity;
            return this;
        }

        /** The clock of the signature timestamp. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public WebhookAlertSink build() {
            return new WebhookAlertSink(this);
        }
    }
}
