package dev.outbound.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Priority;
import dev.outbound.gateway.spi.RateLimiter;
import dev.outbound.ratelimit.Bandwidth;
import dev.outbound.ratelimit.BucketRateLimiter;
import dev.outbound.ratelimit.LocalRateLimitBackend;
import dev.outbound.ratelimit.PostgresRateLimitBackend;
import dev.outbound.ratelimit.RateLimitSpec;
import dev.outbound.ratelimit.RateLimits;
import dev.outbound.ratelimit.RedisRateLimitBackend;
import dev.outbound.ratelimit.spi.RateLimitBackend;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What taking a rate-limit permit costs a call, per backend: {@link BucketRateLimiter#acquire} then closing the
 * permit, for one account with a token limit that never runs dry, so what is measured is the bookkeeping (pause
 * check and bucket update) and never a wait. Local runs in memory; Redis (127.0.0.1:6379, Lettuce, Bucket4j CAS) and
 * PostgreSQL (127.0.0.1:5432, database {@code test}, HikariCP, Bucket4j {@code SELECT ... FOR UPDATE}) go over
 * loopback. Run all three in one JMH run and divide by the local score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Threads(1)
public class RateLimitPermitBenchmark {
    private static final AccountKey ACCOUNT = AccountKey.of("bench", "acme");

    @Param({"local", "redis", "postgresql"})
    public String backend;

    private BucketRateLimiter limiter;
    private RedisClient redis;
    private String redisPrefix;
    private HikariDataSource dataSource;
    private String tables;

    @Setup(Level.Trial)
    public void start() {
        RateLimitBackend store = switch (backend) {
            case "local" -> LocalRateLimitBackend.create();
            case "redis" -> {
                redis = RedisClient.create("redis://127.0.0.1:6379");
                redisPrefix = "outbound-bench:" + UUID.randomUUID().toString().substring(0, 8) + ":";
                yield RedisRateLimitBackend.builder(redis).keyPrefix(redisPrefix).build();
            }
            case "postgresql" -> {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
                config.setUsername("postgres");
                config.setMaximumPoolSize(4);
                config.setPoolName("permit-bench");
                dataSource = new HikariDataSource(config);
                tables = "rl_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
                PostgresRateLimitBackend backend = PostgresRateLimitBackend.builder(dataSource).tablePrefix(tables)
                        .build();
                backend.createTableIfAbsent();
                yield backend;
            }
            default -> throw new IllegalArgumentException("unknown backend " + backend);
        };
        // A billion tokens a second: the bucket is never empty, so acquire never waits.
        RateLimitSpec spec = RateLimitSpec.builder().bandwidth(Bandwidth.of(1_000_000_000L, Duration.ofSeconds(1)))
                .build();
        limiter = BucketRateLimiter.builder().limits(RateLimits.builder().provider("bench", spec).build())
                .backend(store).build();
    }

    @TearDown(Level.Trial)
    public void stop() throws SQLException {
        limiter.close();
        if (redis != null) {
            try (StatefulRedisConnection<String, String> c = redis.connect()) {
                ScanCursor cursor = ScanCursor.INITIAL;
                do {
                    KeyScanCursor<String> page = c.sync().scan(cursor,
                            ScanArgs.Builder.matches(redisPrefix + "*").limit(500));
                    if (!page.getKeys().isEmpty()) {
                        c.sync().del(page.getKeys().toArray(String[]::new));
                    }
                    cursor = page;
                } while (!cursor.isFinished());
            }
            redis.shutdown();
        }
        if (dataSource != null) {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + tables + "_bucket, " + tables + "_lease, " + tables + "_pause");
            }
            dataSource.close();
        }
    }

    @Benchmark
    public RateLimiter.Permit takePermit() throws InterruptedException {
        RateLimiter.Permit permit = limiter.acquire(new RateLimiter.PermitRequest(ACCOUNT, "bench", Priority.NORMAL,
                Instant.now().plusSeconds(30)));
        permit.close();
        return permit;
    }
}
