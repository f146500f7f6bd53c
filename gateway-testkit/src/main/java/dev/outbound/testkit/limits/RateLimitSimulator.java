package dev.outbound.testkit.limits;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * A provider API that enforces a per-account limit over a <em>rolling</em> window, e.g. 100 requests in any 10
 * seconds, the way HubSpot and others count: a request is served (200) when fewer than {@code limit} requests of
 * its account were served in the window that ends with it, and refused with 429 and a {@code Retry-After} (whole
 * seconds, rounded up, at least 1) otherwise. Refused requests do not count against the window. It counts what it
 * served and what it refused, in total and per account, so a benchmark or test can check that a client limiter
 * never made it say 429 and how much of the allowance it used.
 *
 * <p>Built for load: a small JDK {@link HttpServer} on 127.0.0.1 whose handler does one map lookup and one
 * O(log limit) window check under the account's lock, so thousands of requests per second on loopback are no
 * effort. Time comes from the {@link Builder#clock clock}: by default a monotonic clock on
 * {@link System#nanoTime()}, in tests the testkit's fake clock. Starting one sets {@code sun.net.httpserver.nodelay}
 * to {@code true} unless it is already set (without it, responses meet 40 ms delayed ACKs); the JDK reads that
 * property once per JVM, when its first HTTP server starts.
 *
 * <p>Every served response is {@code 200} with a small JSON body and {@code X-RateLimit-Limit} /
 * {@code X-RateLimit-Remaining} headers; a request whose account cannot be read gets {@code 400} and is not counted.
 * Accounts are kept for the simulator's life (a test tool: memory grows with distinct accounts, {@code limit}
 * longs each). Thread-safe; close it to stop the server.
 *
 * <pre>{@code
 * try (RateLimitSimulator api = RateLimitSimulator.builder().limit(100, Duration.ofSeconds(10))
 *         .accountBy(AccountBy.header("X-Account-Id")).start()) {
 *     // ... point a client at api.baseUrl() ...
 *     assertThat(api.rejected()).isZero();
 * }
 * }</pre>
 */
public final class RateLimitSimulator implements AutoCloseable {
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");
    private static final byte[] OK_BODY = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NO_ACCOUNT_BODY =
            "{\"error\":\"bad_request\",\"message\":\"the request names no valid account\"}"
                    .getBytes(StandardCharsets.UTF_8);
    private static final int MAX_BODY_DRAIN = 1 << 20;

    private final int limit;
    private final Duration window;
    private final AccountBy accountBy;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ConcurrentHashMap<String, RollingWindow> accounts = new ConcurrentHashMap<>();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder badRequests = new LongAdder();
    private final byte[] rejectedBody;

    /** What the simulator did for one account, or for all of them. */
    public record Counts(long accepted, long rejected) {
        /** Requests that reached the simulator and named an account. */
        public long total() {
            return accepted + rejected;
        }
    }

    private RateLimitSimulator(Builder b) throws IOException {
        this.limit = b.limit;
        this.window = b.window;
        this.accountBy = b.accountBy;
        this.clock = b.clock != null ? b.clock : new NanoClock();
        this.rejectedBody = ("{\"error\":\"rate_limited\",\"message\":\"more than " + limit + " requests in "
                + describe(window) + " for this account\"}").getBytes(StandardCharsets.UTF_8);
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(b.threads, r -> {
            Thread t = new Thread(r, "rate-limit-simulator-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A builder; by default 100 requests per rolling 10 s, account in header {@code X-Account-Id}. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests allowed per window and account. */
    public int limit() {
        return limit;
    }

    /** The window's length. */
    public Duration window() {
        return window;
    }

    /** Requests served with 200, across accounts. */
    public long accepted() {
        return accepted.sum();
    }

    /** Requests refused with 429, across accounts. */
    public long rejected() {
        return rejected.sum();
    }

    /** Requests refused with 400 because they named no valid account. */
    public long badRequests() {
        return badRequests.sum();
    }

    /** Served and refused requests across accounts. */
    public Counts counts() {
        return new Counts(accepted(), rejected());
    }

    /** Served and refused requests of one account; zeros for an account never seen. */
    public Counts counts(String account) {
        Objects.requireNonNull(account, "account");
        RollingWindow w = accounts.get(account);
        return w == null ? new Counts(0, 0) : new Counts(w.accepted(), w.rejected());
    }

    /** Requests of {@code account} served in the window ending now. */
    public int inWindow(String account) {
        Objects.requireNonNull(account, "account");
        RollingWindow w = accounts.get(account);
        return w == null ? 0 : w.inWindow(nanos(clock.instant()));
    }

    /**
     * Requests that a client with a perfect limiter could have had served for one account over {@code duration}:
     * {@code limit} per window, pro rata ({@code limit × duration / window}). The denominator of "share used".
     */
    public double allowedOver(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        return (double) limit * duration.toNanos() / window.toNanos();
    }

    /** Forgets every account's window and every count. */
    public void reset() {
        accounts.clear();
        accepted.reset();
        rejected.reset();
        badRequests.reset();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "RateLimitSimulator[" + limit + " per " + describe(window) + ", " + baseUrl() + ", accepted="
                + accepted() + ", rejected=" + rejected() + "]";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            drain(exchange.getRequestBody());
            Optional<String> account = account(exchange);
            Headers headers = exchange.getResponseHeaders();
            headers.add("Content-Type", "application/json");
            if (account.isEmpty()) {
                badRequests.increment();
                send(exchange, 400, NO_ACCOUNT_BODY);
                return;
            }
            RollingWindow w = accounts.computeIfAbsent(account.get(), a -> new RollingWindow(limit, window.toNanos()));
            RollingWindow.Decision d = w.request(nanos(clock.instant()));
            headers.add("X-RateLimit-Limit", Integer.toString(limit));
            headers.add("X-RateLimit-Remaining", Integer.toString(d.remaining()));
            if (d.accepted()) {
                accepted.increment();
                send(exchange, 200, OK_BODY);
            } else {
                rejected.increment();
                long seconds = Math.max(1, (d.nanosUntilSlot() + 999_999_999L) / 1_000_000_000L);
                headers.add("Retry-After", Long.toString(seconds));
                send(exchange, 429, rejectedBody);
            }
        }
    }

    private Optional<String> account(HttpExchange exchange) {
        String value;
        if (accountBy instanceof AccountBy.Header h) {
            value = exchange.getRequestHeaders().getFirst(h.name());
        } else {
            int index = ((AccountBy.PathSegment) accountBy).index();
            value = segment(exchange.getRequestURI().getRawPath(), index);
        }
        return value != null && ACCOUNT.matcher(value).matches() ? Optional.of(value) : Optional.empty();
    }

    private static String segment(String path, int index) {
        if (path == null) {
            return null;
        }
        int start = path.startsWith("/") ? 1 : 0;
        for (int i = 0; i < index; i++) {
            int slash = path.indexOf('/', start);
            if (slash < 0) {
                return null;
            }
            start = slash + 1;
        }
        int end = path.indexOf('/', start);
        return path.substring(start, end < 0 ? path.length() : end);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        int total = 0;
        int n;
        while (total < MAX_BODY_DRAIN && (n = in.read(buffer)) >= 0) {
            total += n;
        }
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static String describe(Duration d) {
        return d.toNanos() % 1_000_000_000L == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Builds and starts a {@link RateLimitSimulator}; each setter checks its argument. Not thread-safe. */
    public static final class Builder {
        private int limit = 100;
        private Duration window = Duration.ofSeconds(10);
        private AccountBy accountBy = AccountBy.header("X-Account-Id");
        private Clock clock;
        private int threads = 8;

        private Builder() {
        }

        /** At most {@code limit} requests per account in any {@code window}; 100 per 10 s by default. */
        public Builder limit(int limit, Duration window) {
            if (limit <= 0 || limit > 10_000_000) {
                throw new IllegalArgumentException("limit must be in [1, 10000000], was " + limit);
            }
            Objects.requireNonNull(window, "window");
            if (window.compareTo(Duration.ofMillis(1)) < 0 || window.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("window must be in [1 ms, 1 day], was " + window);
            }
            this.limit = limit;
            this.window = window;
            return this;
        }

        /** Where the account is read from; header {@code X-Account-Id} by default. */
        public Builder accountBy(AccountBy accountBy) {
            this.accountBy = Objects.requireNonNull(accountBy, "accountBy");
            return this;
        }

        /** The clock windows are measured on; a monotonic clock on {@code System.nanoTime()} by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Threads that serve requests; 8 by default. */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("threads must be in [1, 256], was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Starts the simulator on 127.0.0.1 on a free port. */
        public RateLimitSimulator start() {
            try {
                return new RateLimitSimulator(this);
            } catch (IOException e) {
                throw new IllegalStateException("could not start the rate-limit simulator: " + e.getMessage(), e);
            }
        }
    }
}
