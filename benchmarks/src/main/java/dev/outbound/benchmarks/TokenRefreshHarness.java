package dev.outbound.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.credentials.CredentialManager;
import dev.outbound.vault.OAuthClient;
import dev.outbound.vault.OAuthTokenRefresher;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A measured run, not a JMH benchmark: how many requests reach the token endpoint per account per token lifetime when
 * many callers use the same accounts at once. Target: exactly 1.
 *
 * <p>A token endpoint on 127.0.0.1 issues tokens of a short lifetime and rotates refresh tokens: every refresh token
 * is good for one redemption, and a second one is answered {@code invalid_grant}. It counts the requests that present
 * each refresh token, i.e. the requests per account per token lifetime. The accounts start with expired tokens (every
 * caller must wait for the first refresh), then run on the real clock through many lifetimes, refreshed proactively
 * inside the refresh window (at most half the lifetime, with jitter). Callers go through the real
 * {@link CredentialManager} (the gateway's credential stage) and the real {@link OAuthTokenRefresher} over HTTP; each
 * caller resolves, checks the token is not expired, then pauses for a simulated provider call (50 ms by default).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.outbound.benchmarks.TokenRefreshHarness
 * [callers] [accounts] [lifetimeSeconds] [durationSeconds] [callMillis]} (defaults 1000, 10, 4, 30, 50). Exits 1 when
 * the target is missed.
 */
public final class TokenRefreshHarness {

    private TokenRefreshHarness() {
    }

    public static void main(String[] args) throws Exception {
        int callers = arg(args, 0, 1000);
        int accounts = arg(args, 1, 10);
        int lifetimeSeconds = arg(args, 2, 4);
        int durationSeconds = arg(args, 3, 30);
        int callMillis = arg(args, 4, 50);
        TokenEndpoint endpoint = new TokenEndpoint(lifetimeSeconds);
        endpoint.start();

        InMemoryCredentialStore store = new InMemoryCredentialStore();
        AccountKey[] keys = new AccountKey[accounts];
        for (int i = 0; i < accounts; i++) {
            keys[i] = AccountKey.of("crm", "customer-" + i);
            // Expired at the start: the first round is the hard case, every caller waits for one refresh.
            store.put(keys[i], new Credential.OAuth2Token("at-" + i + "-0", endpoint.firstRefreshToken(i),
                    Instant.now().minusSeconds(1), ""));
        }
        OAuthTokenRefresher refresher = OAuthTokenRefresher.builder()
                .client("crm", new OAuthClient(endpoint.url(), "bench-client", "bench-secret", true)).build();
        CredentialManager manager = CredentialManager.builder(store).refresher(refresher).build();

        AtomicLong resolves = new AtomicLong();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger expiredUsed = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds);
        CountDownLatch ready = new CountDownLatch(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            AccountKey account = keys[t % accounts];
            Thread thread = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (System.nanoTime() < end) {
                    try {
                        Credential c = manager.resolve(account);
                        if (c.expiresAt().map(x -> !Instant.now().isBefore(x)).orElse(false)) {
                            expiredUsed.incrementAndGet();
                        }
                        resolves.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                    }
                    // The provider call the credential was resolved for.
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(callMillis));
                }
            }, "caller-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        ready.await();
        long started = System.nanoTime();
        go.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(durationSeconds + 60L));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        manager.close();
        endpoint.stop();

        IntSummaryStatistics perLifetime = endpoint.requestsPerRefreshToken().values().stream()
                .mapToInt(AtomicInteger::get).summaryStatistics();
        System.out.printf("callers=%d accounts=%d tokenLifetime=%ds simulatedCall=%dms duration=%.1fs%n", callers,
                accounts, lifetimeSeconds, callMillis, seconds);
        System.out.printf("resolves=%d (%.0f/s), failed resolves=%d, expired tokens handed out=%d%n", resolves.get(),
                resolves.get() / seconds, failures.get(), expiredUsed.get());
        System.out.printf("token endpoint: requests=%d, tokens issued=%d, invalid_grant=%d%n", endpoint.requests.get(),
                endpoint.issued.get(), endpoint.invalidGrants.get());
        System.out.printf("tokens issued per account: min=%d max=%d%n", endpoint.issuedPerAccount(accounts).getMin(),
                endpoint.issuedPerAccount(accounts).getMax());
        System.out.printf("token-endpoint requests per account per token lifetime: min=%d max=%d mean=%.3f "
                        + "over %d lifetimes%n", perLifetime.getMin(), perLifetime.getMax(), perLifetime.getAverage(),
                perLifetime.getCount());
        boolean met = perLifetime.getMin() == 1 && perLifetime.getMax() == 1 && endpoint.invalidGrants.get() == 0
                && failures.get() == 0 && expiredUsed.get() == 0;
        System.out.println(met ? "TARGET MET: exactly 1 request per account per token lifetime"
                : "TARGET MISSED");
        System.exit(met ? 0 : 1);
    }

    private static int arg(String[] args, int i, int otherwise) {
        return args.length > i ? Integer.parseInt(args[i]) : otherwise;
    }

    /**
     * A rotating OAuth 2.0 token endpoint: {@code rt-<account>-<generation>} is redeemed once for generation + 1.
     * Counts every request by the refresh token it presents.
     */
    static final class TokenEndpoint {
        final int lifetimeSeconds;
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger issued = new AtomicInteger();
        final AtomicInteger invalidGrants = new AtomicInteger();
        private final Map<String, AtomicInteger> byRefreshToken = new ConcurrentHashMap<>();
        private final Map<Integer, Integer> generation = new HashMap<>();
        private HttpServer server;
        private ExecutorService threads;

        TokenEndpoint(int lifetimeSeconds) {
            this.lifetimeSeconds = lifetimeSeconds;
        }

        String firstRefreshToken(int account) {
            synchronized (generation) {
                generation.put(account, 0);
            }
            return "rt-" + account + "-0";
        }

        void start() throws IOException {
            System.setProperty("sun.net.httpserver.nodelay", "true");
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
            threads = Executors.newFixedThreadPool(4);
            server.setExecutor(threads);
            server.createContext("/token", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
        }

        void stop() {
            server.stop(0);
            threads.shutdownNow();
        }

        Map<String, AtomicInteger> requestsPerRefreshToken() {
            return byRefreshToken;
        }

        IntSummaryStatistics issuedPerAccount(int accounts) {
            synchronized (generation) {
                IntSummaryStatistics s = new IntSummaryStatistics();
                for (int i = 0; i < accounts; i++) {
                    s.accept(generation.getOrDefault(i, 0));
                }
                return s;
            }
        }

        private void handle(HttpExchange exchange) throws IOException {
            requests.incrementAndGet();
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            String presented = form.getOrDefault("refresh_token", "");
            byRefreshToken.computeIfAbsent(presented, k -> new AtomicInteger()).incrementAndGet();
            String[] parts = presented.split("-");
            if (!"refresh_token".equals(form.get("grant_type")) || parts.length != 3) {
                answer(exchange, 400, "{\"error\":\"invalid_request\"}");
                return;
            }
            int account = Integer.parseInt(parts[1]);
            int presentedGeneration = Integer.parseInt(parts[2]);
            int next;
            synchronized (generation) {
                Integer current = generation.get(account);
                if (current == null || current != presentedGeneration) {
                    invalidGrants.incrementAndGet();
                    next = -1;
                } else {
                    next = current + 1;
                    generation.put(account, next);
                }
            }
            if (next < 0) {
                answer(exchange, 400, "{\"error\":\"invalid_grant\"}");
                return;
            }
            issued.incrementAndGet();
            answer(exchange, 200, "{\"access_token\":\"at-" + account + "-" + next + "\",\"refresh_token\":\"rt-"
                    + account + "-" + next + "\",\"token_type\":\"Bearer\",\"expires_in\":" + lifetimeSeconds + "}");
        }

        private static Map<String, String> form(String body) {
            Map<String, String> m = new HashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return m;
        }

        private static void answer(HttpExchange exchange, int status, String json) throws IOException {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
