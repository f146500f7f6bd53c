package dev.outbound.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationClient;
import dev.outbound.gateway.IntegrationGateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the pipeline costs on top of the HTTP call it makes: the same loopback server, the same threads, called
 * (a) with a bare OkHttp client and (b) through {@link IntegrationClient} with the whole pipeline — in-memory
 * credentials, Resilience4j retry and circuit breaker, Micrometer metrics, routing, classification. Run both in
 * one JMH run and compare; the README gives the command and the figures.
 *
 * <p>Logging: the benchmark jar carries no SLF4J provider, so the pipeline's per-attempt log line is disabled
 * (as it would be at WARN); what it costs depends on the application's logging backend, not on Outbound.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Threads(2)
public class PipelineOverheadBenchmark {
    private static final byte[] BODY = "{\"id\":1,\"name\":\"record one\",\"active\":true}"
            .getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private ExecutorService serverThreads;
    private OkHttpClient bare;
    private String bareBase;
    private IntegrationGateway gateway;
    private IntegrationClient client;

    @Setup(Level.Trial)
    public void start() throws IOException {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: 40 ms per call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        serverThreads = Executors.newFixedThreadPool(4);
        server.setExecutor(serverThreads);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();

        bare = new OkHttpClient();
        bareBase = base + "/api/v1/items/";

        InMemoryCredentialStore store = new InMemoryCredentialStore()
                .put(AccountKey.of("bench", "acme"), Credential.OAuth2Token.bearer("bench-token", null));
        gateway = IntegrationGateway.builder()
                .provider(GenericRestAdapter.builder("bench").baseUrl(base + "/api")
                        .apiVersion("v1", GenericRestAdapter.VersionPlacement.PATH).build())
                .credentialStore(store)
                .meterRegistry(new SimpleMeterRegistry())
                .build();
        client = gateway.client("bench", "acme");
    }

    @TearDown(Level.Trial)
    public void stop() {
        gateway.close();
        bare.connectionPool().evictAll();
        bare.dispatcher().executorService().shutdown();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Benchmark
    public byte[] bareOkHttp() throws IOException {
        // What a caller of bare OkHttp does per call: build the request, send it, check the status, read the body.
        Request request = new Request.Builder().url(bareBase + 1).header("Authorization", "Bearer bench-token")
                .build();
        try (Response response = bare.newCall(request).execute()) {
            if (response.code() != 200) {
                throw new IllegalStateException("HTTP " + response.code());
            }
            return response.body().bytes();
        }
    }

    @Benchmark
    public byte[] throughPipeline() {
        return client.get("items/{id}", 1).operation("bench").execute().body();
    }
}
