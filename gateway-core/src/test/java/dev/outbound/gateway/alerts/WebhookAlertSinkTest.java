package dev.outbound.gateway.alerts;

import dev.outbound.errors.ErrorCategory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.outbound.gateway.AccountKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook sink signs, retries with backoff on its own thread, and never makes the sender wait. */
class WebhookAlertSinkTest {
    static final byte[] SECRET = "0123456789abcdef-test-secret".getBytes(StandardCharsets.UTF_8);
    static final AlertEvent EVENT = new AlertEvent(AlertEvent.Type.FIRING, AlertRules.SUCCESS_RATE_LOW, "critical",
            AccountKey.of("erp", "hooli"), "sync-orders", Advice.forError("erp", ErrorCategory.SERVER_ERROR, ""),
            "success rate 40% (under 95%)", Instant.parse("2026-03-02T08:00:00Z"),
            Instant.parse("2026-03-02T08:16:00Z"));

    record Received(Map<String, List<String>> headers, String body) {
    }

    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final AtomicInteger failFirst = new AtomicInteger();
    final AtomicInteger answer = new AtomicInteger(500);
    final CountDownLatch gate = new CountDownLatch(1);
    volatile boolean holdAtGate;
    HttpServer server;
    WebhookAlertSink sink;

    URI start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/hooks/T123/secret-path", ex -> {
            try (ex) {
                if (holdAtGate) {
                    gate.await(30, TimeUnit.SECONDS);
                }
                received.add(new Received(Map.copyOf(ex.getRequestHeaders()),
                        new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                int status = failFirst.getAndDecrement() > 0 ? answer.get() : 204;
                ex.sendResponseHeaders(status, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/T123/secret-path?token=abc");
    }

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void postsSignedJsonThatTheReceiverCanVerify() throws Exception {
        sink = WebhookAlertSink.builder(start(), SECRET).build();
        sink.send(EVENT);
        Received r = received.poll(10, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        long ts = Long.parseLong(header(r, WebhookAlertSink.TIMESTAMP_HEADER));
        assertThat(header(r, WebhookAlertSink.SIGNATURE_HEADER))
                .isEqualTo(WebhookAlertSink.signature(SECRET, ts, r.body()))
                .isNotEqualTo(WebhookAlertSink.signature("another-secret-of-16+".getBytes(StandardCharsets.UTF_8), ts,
                        r.body()));
        assertThat(r.body()).contains("\"key\":\"success_rate_low:erp:hooli:sync-orders\"")
                .contains("\"type\":\"firing\"").contains("\"integration\":\"sync-orders\"")
                .contains("\"headline\":\"Erp is failing (server errors)\"")
                .contains("\"customer\":\"hooli\"").contains("\"since\":\"2026-03-02T08:00:00Z\"");
        assertThat(header(r, "Content-Type")).isEqualTo("application/json");
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTakenWithTheSameIdempotencyKey() throws Exception {
        failFirst.set(2);
        sink = WebhookAlertSink.builder(start(), SECRET).backoff(Duration.ofMillis(20), Duration.ofMillis(50)).build();
        sink.send(EVENT);
        Received first = received.poll(10, TimeUnit.SECONDS);
        Received second = received.poll(10, TimeUnit.SECONDS);
        Received third = received.poll(10, TimeUnit.SECONDS);
        assertThat(List.of(first, second, third)).doesNotContainNull()
                .extracting(r -> header(r, "Idempotency-Key")).containsOnly(header(first, "Idempotency-Key"));
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).as("no attempt after success").isNull();
    }

    @Test
    void aClientErrorIsNotRetried() throws Exception {
        failFirst.set(5);
        answer.set(400);
        sink = WebhookAlertSink.builder(start(), SECRET).backoff(Duration.ofMillis(10), Duration.ofMillis(10)).build();
        sink.send(EVENT);
        assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void sendReturnsAtOnceWhileTheWebhookHangsAndDropsPastCapacity() throws Exception {
        holdAtGate = true;
        sink = WebhookAlertSink.builder(start(), SECRET).capacity(2).build();
        sink.send(EVENT);
        sink.send(EVENT);
        sink.send(EVENT);
        assertThat(sink.pending()).as("two queued, the third dropped, none delivered yet").isEqualTo(2);
        gate.countDown();
        assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void neitherTheSecretNorTheWebhooksPathShowsInToString() throws Exception {
        sink = WebhookAlertSink.builder(start(), SECRET).build();
        assertThat(sink.toString()).contains("127.0.0.1").doesNotContain("secret-path").doesNotContain("token")
                .doesNotContain("0123456789abcdef");
        assertThatThrownBy(() -> WebhookAlertSink.builder(URI.create("http://h/"), new byte[4]))
                .hasMessageContaining("at least 16 bytes");
    }

    private static String header(Received r, String name) {
        return r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0)).findFirst().orElse("");
    }
}
