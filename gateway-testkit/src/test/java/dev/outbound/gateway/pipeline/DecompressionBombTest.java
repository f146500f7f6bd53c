package dev.outbound.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.HttpSettings;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.gateway.OutboundMetrics;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.testkit.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import okio.BufferedSink;
import okio.GzipSink;
import okio.Okio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Decompression bombs and the memory the transport may hold: gzip bodies are inflated under the gateway's eyes and
 * every limit applies to the inflated bytes, as they stream in — the per-call cap, the inflation ratio, and the budget
 * all calls in flight share. A bomb is 200 MiB of zeros gzipped to about 200 KiB, served by a real MockWebServer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecompressionBombTest {
    private static final long MIB = 1024 * 1024;
    private static final int CALLERS = 16;

    private final FakeClock clock = new FakeClock();
    private MockWebServer server;
    private byte[] bomb;
    private SimpleMeterRegistry meters;
    private IntegrationGateway gateway;

    @BeforeAll
    void makeTheBomb() throws IOException {
        bomb = gzippedZeros(200 * MIB);
        assertThat(bomb.length).as("compressed size").isLessThan(1024 * 1024);
    }

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                if (path.endsWith("/bomb")) {
                    return gzipped(new Buffer().write(bomb));
                }
                if (path.endsWith("/small")) {
                    return gzipped(new Buffer().write(gzip(new Buffer().writeUtf8("{\"ok\":true}"))));
                }
                if (path.endsWith("/corrupt")) {
                    return gzipped(new Buffer().writeUtf8("this was never gzip, whatever the header says"));
                }
                return new MockResponse.Builder().code(200).body(new Buffer().write(new byte[(int) MIB])).build();
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        server.close();
    }

    @Test
    void sixteenConcurrentGzipBombsEachFailOnTheInflationRatioCap() throws Exception {
        gateway(HttpSettings.defaults());

        List<Throwable> failures = concurrently(CALLERS, () -> gateway.client("crm", "acme").get("bomb").execute());

        assertThat(failures).hasSize(CALLERS).allSatisfy(t -> {
            assertThat(t).isInstanceOf(IntegrationException.class);
            IntegrationException e = (IntegrationException) t;
            assertThat(e.category()).isEqualTo(ErrorCategory.SERVER_ERROR);
            assertThat(e.envelope().reason()).isEqualTo(Reasons.INFLATION_RATIO_EXCEEDED);
            assertThat(e.getMessage()).contains("HttpSettings.maxInflationRatio").contains("100:1");
        });
        assertThat(bufferedBytes()).as("every call gave its bytes back").isZero();
    }

    @Test
    void sixteenConcurrentGzipBombsPastTheRatioCapStopAtTheDecodedCapWithinTheSharedBudget() throws Exception {
        long budget = 48 * MIB;
        gateway(HttpSettings.builder().maxInflationRatio(100_000).maxResponseBytes(16 * MIB)
                .maxBufferedBytesTotal(budget).build());
        AtomicLong peak = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet((long) bufferedBytes(), Math::max);
                Thread.onSpinWait();
            }
        });
        sampler.start();

        List<Throwable> failures;
        try {
            failures = concurrently(CALLERS, () -> gateway.client("crm", "acme").get("bomb").execute());
        } finally {
            sampling.set(false);
            sampler.join();
        }

        assertThat(failures).hasSize(CALLERS).allSatisfy(t -> {
            assertThat(t).isInstanceOf(IntegrationException.class);
            IntegrationException e = (IntegrationException) t;
            assertThat(e.envelope().reason()).isIn(Reasons.RESPONSE_TOO_LARGE, Reasons.GATEWAY_MEMORY_BUDGET);
            assertThat(e.getMessage()).containsAnyOf("HttpSettings.maxResponseBytes",
                    "HttpSettings.maxBufferedBytesTotal");
        });
        assertThat(peak.get()).as("bytes held at once by all calls").isGreaterThan(0).isLessThanOrEqualTo(budget);
        assertThat(bufferedBytes()).isZero();
    }

    @Test
    void aGzipBodyTheCallerAskedForItselfIsDecodedForIt() {
        gateway(HttpSettings.defaults());

        IntegrationResponse response = gateway.client("crm", "acme").get("small")
                .header("Accept-Encoding", "gzip").execute();

        assertThat(response.bodyAsString()).isEqualTo("{\"ok\":true}");
        assertThat(response.header("Content-Encoding")).isEmpty();
    }

    @Test
    void aGzipBombTheCallerAskedForItselfCountsAgainstTheDecodedCap() {
        gateway(HttpSettings.builder().maxInflationRatio(100_000).maxResponseBytes(4 * MIB).build());

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> gateway.client("crm", "acme").get("bomb").header("Accept-Encoding", "gzip").execute());

        assertThat(e).isNotNull();
        assertThat(e.envelope().reason()).isEqualTo(Reasons.RESPONSE_TOO_LARGE);
        assertThat(e.envelope().httpStatus()).isEqualTo(200);
        assertThat(e.getMessage()).contains(String.valueOf(4 * MIB)).contains("HttpSettings.maxResponseBytes");
    }

    @Test
    void aBodyThatIsNotTheGzipItClaimsFailsAsMalformedNotAsAConnectionFailure() {
        gateway(HttpSettings.defaults());

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> gateway.client("crm", "acme").get("corrupt").execute());

        assertThat(e).isNotNull();
        assertThat(e.envelope().reason()).isEqualTo(Reasons.MALFORMED_RESPONSE);
        assertThat(e.getMessage()).contains("gzip");
    }

    @Test
    void aCallThatWouldPassTheSharedBudgetFailsNamingItAndTheBytesComeBackWhenTheHolderEnds() throws Exception {
        try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            CountDownLatch letGo = new CountDownLatch(1);
            Thread peer = new Thread(() -> serveHalfABody(hung, (int) (1.5 * MIB), letGo));
            peer.start();
            gateway(HttpSettings.builder().maxResponseBytes(2 * MIB).maxBufferedBytesTotal(2 * MIB).build(),
                    GenericRestAdapter.builder("slow").baseUrl("http://127.0.0.1:" + hung.getLocalPort() + "/api")
                            .policy(ProviderPolicy.builder().maxAttempts(1).build()).build());
            CompletableFuture<IntegrationResponse> holder = gateway.client("slow", "acme").get("export")
                    .deadline(Duration.ofSeconds(20)).executeAsync();
            awaitBufferedBytesAtLeast((long) (1.5 * MIB));

            IntegrationException e = catchThrowableOfType(IntegrationException.class,
                    () -> gateway.client("crm", "acme").get("one-mebibyte").execute());

            assertThat(e).isNotNull();
            assertThat(e.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
            assertThat(e.envelope().reason()).isEqualTo(Reasons.GATEWAY_MEMORY_BUDGET);
            assertThat(e.getMessage()).contains("HttpSettings.maxBufferedBytesTotal").contains(String.valueOf(2 * MIB));

            letGo.countDown();
            peer.join(5_000);
            assertThat(catchThrowableOfType(Exception.class, () -> holder.get(10, TimeUnit.SECONDS))).isNotNull();
            assertThat(bufferedBytes()).isZero();
            assertThat(gateway.client("crm", "acme").get("one-mebibyte").execute().body()).hasSize((int) MIB);
        }
    }

    private void gateway(HttpSettings settings, GenericRestAdapter... more) {
        InMemoryCredentialStore store = new InMemoryCredentialStore(clock);
        store.put(AccountKey.of("crm", "acme"), Credential.OAuth2Token.bearer("tok-bomb-0b1c2d3e4f", null));
        store.put(AccountKey.of("slow", "acme"), Credential.OAuth2Token.bearer("tok-slow-5a6b7c8d9e", null));
        meters = new SimpleMeterRegistry();
        IntegrationGateway.Builder b = IntegrationGateway.builder()
                .provider(GenericRestAdapter.builder("crm").baseUrl(server.url("/api").toString())
                        .policy(ProviderPolicy.builder().maxAttempts(1).build()).build())
                .credentialStore(store)
                .meterRegistry(meters)
                .clock(clock)
                .http(settings);
        for (GenericRestAdapter adapter : more) {
            b.provider(adapter);
        }
        gateway = b.build();
    }

    private double bufferedBytes() {
        return meters.get(OutboundMetrics.HTTP_BUFFERED_BYTES).gauge().value();
    }

    private void awaitBufferedBytesAtLeast(long bytes) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (bufferedBytes() < bytes) {
            assertThat(System.nanoTime()).as("the holding call read its first bytes within 10 s").isLessThan(end);
            Thread.sleep(5);
        }
    }

    /** Runs {@code call} on {@code n} threads at once; what each one threw, or nothing for those that returned. */
    private static List<Throwable> concurrently(int n, Runnable call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Throwable>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        call.run();
                        return null;
                    } catch (Throwable t) {
                        return t;
                    }
                }));
            }
            go.countDown();
            List<Throwable> thrown = new ArrayList<>();
            for (Future<Throwable> f : results) {
                Throwable t = f.get(60, TimeUnit.SECONDS);
                if (t != null) {
                    thrown.add(t);
                }
            }
            return thrown;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Answers one request with a 200 that announces twice {@code sent} bytes, sends {@code sent}, then waits. */
    private static void serveHalfABody(ServerSocket server, int sent, CountDownLatch letGo) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
            }
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + 2 * sent
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[sent]);
            out.flush();
            letGo.await(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            // The test is over or gave up; the client sees the connection end either way.
        }
    }

    private static MockResponse gzipped(Buffer body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .addHeader("Content-Encoding", "gzip").body(body).build();
    }

    /** {@code bytes} zeros, gzipped as they are written, so the test never holds them uncompressed. */
    private static byte[] gzippedZeros(long bytes) throws IOException {
        Buffer compressed = new Buffer();
        byte[] chunk = new byte[64 * 1024];
        try (BufferedSink sink = Okio.buffer(new GzipSink(compressed))) {
            for (long left = bytes; left > 0; left -= chunk.length) {
                sink.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        return compressed.readByteArray();
    }

    private static byte[] gzip(Buffer plain) {
        Buffer compressed = new Buffer();
        try (BufferedSink sink = Okio.buffer(new GzipSink(compressed))) {
            sink.writeAll(plain);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return compressed.readByteArray();
    }
}
