package dev.outbound.benchmarks;

import dev.outbound.errors.IntegrationException;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationClient;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.ratelimit.Bandwidth;
import dev.outbound.ratelimit.BucketRateLimiter;
import dev.outbound.ratelimit.LocalRateLimitBackend;
import dev.outbound.ratelimit.RateLimitSpec;
import dev.outbound.ratelimit.RateLimits;
import dev.outbound.ratelimit.RedisRateLimitBackend;
import dev.outbound.ratelimit.spi.RateLimitBackend;
import dev.outbound.testkit.limits.AccountBy;
import dev.outbound.testkit.limits.RateLimitSimulator;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The rate-limiting bar of issue 4, measured: real {@link IntegrationGateway}s ({@link GenericRestAdapter} +
 * {@link BucketRateLimiter} with {@code Bandwidth.rollingWindow(100, 10 s, burst)}) call a
 * {@link RateLimitSimulator} that enforces 100 requests per rolling 10 s per account and answers 429 beyond it.
 *
 * <ol>
 *   <li>one node, local backend, 20 workers on one account — target: zero 429s, at least 95% of the allowed
 *       requests used;</li>
 *   <li>three gateway instances sharing Redis (each with its own connection, limiter and HTTP client), 20 workers
 *       each on the same account — target: zero 429s, at least 90% used.</li>
 * </ol>
 *
 * "Allowed" is what a perfect client could have had served over the run: 100 × duration / 10 s. Before each
 * scenario a short warm-up on another account loads classes and opens connections, so the measured account starts
 * with a full bucket and an empty window on a warm JVM. Exit status 1 when a target is missed.
 *
 * <p>Burst 2 by default: the smallest burst with room for a permit taken a little late. With burst 1 the bucket is
 * full whenever its single token waits for a taker, and the refill that falls due meanwhile is lost — a few
 * milliseconds per token, which three nodes polling Redis pay on most tokens.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.outbound.benchmarks.RateLimitBar [--duration 60] [--workers 20]
 *     [--nodes 3] [--burst 2] [--warmup 3] [--redis redis://127.0.0.1:6379] [--only local|redis]
 * </pre>
 */
public final class RateLimitBar {
    private static final String PROVIDER = "sim";
    private static final String ACCOUNT_HEADER = "X-Account-Id";
    private static final int LIMIT = 100;
    private static final Duration WINDOW = Duration.ofSeconds(10);

    private final Options options;
    private final PrintStream out;

    private record Options(Duration duration, int workers, int nodes, int burst, Duration warmup, String redisUri,
                           String only) {
    }

    /** What one scenario measured. */
    private record Result(String name, int nodes, int workers, Duration duration, long served, long tooMany,
                          double allowed, long localRejections, Map<String, Long> otherFailures, double target) {
        double used() {
            return served / allowed;
        }

        boolean met() {
            return tooMany == 0 && used() >= target;
        }
    }

    /** One gateway instance and what it owns. */
    private record Node(IntegrationGateway gateway, BucketRateLimiter limiter, InMemoryCredentialStore credentials)
            implements AutoCloseable {
        @Override
        public void close() {
            gateway.close();
            limiter.close();
        }
    }

    private RateLimitBar(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: RateLimitBar [--duration SECONDS] [--workers N] [--nodes N] [--burst N] "
                    + "[--warmup SECONDS] [--redis URI] [--only local|redis]");
            System.exit(2);
            return;
        }
        boolean met = new RateLimitBar(options, System.out).run();
        System.exit(met ? 0 : 1);
    }

    private boolean run() throws InterruptedException {
        out.printf(Locale.ROOT, "Simulator: %d requests per rolling %d s per account, 429 + Retry-After beyond.%n",
                LIMIT, WINDOW.toSeconds());
        out.printf(Locale.ROOT, "Limiter: Bandwidth.rollingWindow(%d, %d s, burst %d) = capacity %d, refill %d per "
                + "%d s; run %d s after a %d s warm-up.%n%n", LIMIT, WINDOW.toSeconds(), options.burst(),
                options.burst(), LIMIT - options.burst(), WINDOW.toSeconds(), options.duration().toSeconds(),
                options.warmup().toSeconds());
        List<Result> results = new ArrayList<>();
        try (RateLimitSimulator api = RateLimitSimulator.builder().limit(LIMIT, WINDOW)
                .accountBy(AccountBy.header(ACCOUNT_HEADER)).threads(8).start()) {
            if (options.only() == null || options.only().equals("local")) {
                results.add(oneNodeLocal(api));
            }
            if (options.only() == null || options.only().equals("redis")) {
                results.add(nodesSharingRedis(api));
            }
        }
        print(results);
        return results.stream().allMatch(Result::met);
    }

    private Result oneNodeLocal(RateLimitSimulator api) throws InterruptedException {
        List<Node> nodes = List.of(node(api, LocalRateLimitBackend.create()));
        try {
            return measure("1 node, local backend", api, nodes, 0.95);
        } finally {
            nodes.forEach(Node::close);
        }
    }

    private Result nodesSharingRedis(RateLimitSimulator api) throws InterruptedException {
        String prefix = "outbound-bench:" + UUID.randomUUID().toString().substring(0, 8) + ":";
        List<RedisClient> clients = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < options.nodes(); i++) {
                RedisClient client = RedisClient.create(options.redisUri());
                clients.add(client);
                nodes.add(node(api, RedisRateLimitBackend.builder(client).keyPrefix(prefix).build()));
            }
            return measure(options.nodes() + " nodes, shared Redis", api, nodes, 0.90);
        } finally {
            nodes.forEach(Node::close);
            if (!clients.isEmpty()) {
                deleteKeys(clients.get(0), prefix);
            }
            clients.forEach(RedisClient::shutdown);
        }
    }

    private Node node(RateLimitSimulator api, RateLimitBackend backend) {
        RateLimitSpec spec = RateLimitSpec.builder()
                .bandwidth(Bandwidth.rollingWindow(LIMIT, WINDOW, options.burst()))
                .build();
        BucketRateLimiter limiter = BucketRateLimiter.builder()
                .limits(RateLimits.builder().provider(PROVIDER, spec).build())
                .backend(backend)
                .build();
        InMemoryCredentialStore credentials = new InMemoryCredentialStore();
        IntegrationGateway gateway = IntegrationGateway.builder()
                .provider(GenericRestAdapter.builder(PROVIDER).baseUrl(api.baseUrl() + "/api").build())
                .credentialStore(credentials)
                .rateLimiter(limiter)
                .meterRegistry(new SimpleMeterRegistry())
                .build();
        return new Node(gateway, limiter, credentials);
    }

    /** Warms up on one account, then runs every node's workers on another and reads the simulator's counts. */
    private Result measure(String name, RateLimitSimulator api, List<Node> nodes, double target)
            throws InterruptedException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        if (!options.warmup().isZero()) {
            drive(nodes, "warmup-" + run, options.warmup(), new Tally());
        }
        String account = "bar-" + run;
        Tally tally = new Tally();
        drive(nodes, account, options.duration(), tally);
        RateLimitSimulator.Counts counts = api.counts(account);
        return new Result(name, nodes.size(), nodes.size() * options.workers(), options.duration(),
                counts.accepted(), counts.rejected(), api.allowedOver(options.duration()), tally.localRejections.sum(),
                tally.snapshot(), target);
    }

    /** What the workers saw besides successes. */
    private static final class Tally {
        final LongAdder localRejections = new LongAdder();
        final ConcurrentHashMap<String, LongAdder> failures = new ConcurrentHashMap<>();

        Map<String, Long> snapshot() {
            Map<String, Long> m = new TreeMap<>();
            failures.forEach((k, v) -> m.put(k, v.sum()));
            return m;
        }
    }

    /**
     * {@code workers} threads per node call the account until {@code duration} has passed; each call's deadline is
     * the end of the run, so a call still waiting for a permit then gives up locally instead of running over.
     */
    private void drive(List<Node> nodes, String customer, Duration duration, Tally tally) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        Instant end = clock.instant().plus(duration);
        List<Thread> threads = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            nodes.get(n).credentials().put(AccountKey.of(PROVIDER, customer),
                    Credential.OAuth2Token.bearer("bar-token", null));
            IntegrationClient client = nodes.get(n).gateway().client(PROVIDER, customer);
            for (int w = 0; w < options.workers(); w++) {
                Thread t = new Thread(() -> work(client, customer, clock, end, tally), "node" + n + "-worker" + w);
                t.setDaemon(true);
                threads.add(t);
            }
        }
        threads.forEach(Thread::start);
        long joinBy = System.nanoTime() + duration.plusSeconds(30).toNanos();
        for (Thread t : threads) {
            t.join(Math.max(1, (joinBy - System.nanoTime()) / 1_000_000));
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not stop within 30 s after the run");
            }
        }
    }

    private static void work(IntegrationClient client, String customer, Clock clock, Instant end, Tally tally) {
        long id = 0;
        while (clock.instant().isBefore(end)) {
            try {
                client.get("items/{id}", ++id).header(ACCOUNT_HEADER, customer).operation("rate-limit-bar")
                        .deadline(end).execute();
            } catch (IntegrationException e) {
                if (e.envelope().httpStatus() == 0 && "local_quota".equals(e.envelope().reason())) {
                    tally.localRejections.increment();
                    // The next token comes after the end of the run: nothing left to do for this worker.
                    return;
                }
                tally.failures.computeIfAbsent(e.category() + "/" + e.envelope().reason(), k -> new LongAdder())
                        .increment();
            }
        }
    }

    private void print(List<Result> results) {
        String format = "%-24s %5s %7s %8s %7s %5s %8s %7s %13s  %-22s %s%n";
        out.printf(Locale.ROOT, format, "scenario", "nodes", "workers", "duration", "served", "429s", "allowed",
                "used", "local-rejects", "target", "result");
        for (Result r : results) {
            out.printf(Locale.ROOT, format, r.name(), r.nodes(), r.workers(), r.duration().toSeconds() + " s",
                    r.served(), r.tooMany(), String.format(Locale.ROOT, "%.0f", r.allowed()),
                    String.format(Locale.ROOT, "%.1f%%", 100 * r.used()), r.localRejections(),
                    String.format(Locale.ROOT, "0 x 429, >= %.0f%% used", 100 * r.target()),
                    r.met() ? "met" : "MISSED");
            if (!r.otherFailures().isEmpty()) {
                out.printf(Locale.ROOT, "  %s: other failed calls %s%n", r.name(), r.otherFailures());
            }
        }
    }

    private static void deleteKeys(RedisClient client, String prefix) {
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = c.sync().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
                if (!page.getKeys().isEmpty()) {
                    c.sync().del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } catch (RuntimeException e) {
            System.err.println("could not delete the run's Redis keys (they expire on their own): " + e);
        }
    }

    private static Options parse(String[] args) {
        Duration duration = Duration.ofSeconds(60);
        int workers = 20;
        int nodes = 3;
        int burst = 2;
        Duration warmup = Duration.ofSeconds(3);
        String redis = "redis://127.0.0.1:6379";
        String only = null;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            Supplier<String> value = valueOf(args, i, name);
            switch (name) {
                case "--duration" -> duration = Duration.ofSeconds(positive(value.get(), name, 3600));
                case "--workers" -> workers = (int) positive(value.get(), name, 500);
                case "--nodes" -> nodes = (int) positive(value.get(), name, 16);
                case "--burst" -> burst = (int) positive(value.get(), name, LIMIT - 1);
                case "--warmup" -> warmup = Duration.ofSeconds(nonNegative(value.get(), name, 60));
                case "--redis" -> redis = value.get();
                case "--only" -> {
                    only = value.get();
                    if (!only.equals("local") && !only.equals("redis")) {
                        throw new IllegalArgumentException("--only takes local or redis, not " + only);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
            i++;
        }
        return new Options(duration, workers, nodes, burst, warmup, redis, only);
    }

    private static Supplier<String> valueOf(String[] args, int i, String name) {
        return () -> {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[i + 1];
        };
    }

    private static long positive(String value, String name, long max) {
        long v = nonNegative(value, name, max);
        if (v == 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return v;
    }

    private static long nonNegative(String value, String name, long max) {
        try {
            long v = Long.parseLong(value.endsWith("s") ? value.substring(0, value.length() - 1) : value);
            if (v < 0 || v > max) {
                throw new IllegalArgumentException(name + " must be in [0, " + max + "], was " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a whole number, not " + value);
        }
    }
}
