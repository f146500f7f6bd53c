package dev.outbound.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.ratelimit.spi.RateLimitBackend;
import dev.outbound.testkit.services.LocalServices;
import dev.outbound.testkit.services.RedisEndpoint;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compatibility suite on a real Redis: the local one at 127.0.0.1:6379, else a container (see
 * {@link LocalServices}). Each node is a backend with its own connection;
 * each test uses its own key prefix and deletes its keys afterwards.
 */
class RedisRateLimiterTest extends RateLimiterCompatibilityTest {
    private final String prefix = "outbound-test:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private final List<RedisRateLimitBackend> nodes = new ArrayList<>();
    private RedisClient client;

    @BeforeEach
    void connect() {
        RedisEndpoint redis = LocalServices.requireRedis();
        client = RedisClient.create(redis.uri());
    }

    @Override
    protected RateLimitBackend newNode(Clock clock) {
        RedisRateLimitBackend node = RedisRateLimitBackend.builder(client).keyPrefix(prefix).clock(clock).build();
        nodes.add(node);
        return node;
    }

    @AfterEach
    void deleteKeysAndDisconnect() {
        if (client == null) {
            return;
        }
        nodes.forEach(RedisRateLimitBackend::close);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> redis = c.sync();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
                if (!page.getKeys().isEmpty()) {
                    redis.del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown();
        }
    }

    @Test
    void keysExpireInRedisSoIdleAccountsLeaveNothingBehind() throws Exception {
        BucketRateLimiter limiter = limiter(perProvider(tokens(5, Duration.ofSeconds(10)).toBuilder()
                .maxConcurrent(2).build()));
        limiter.acquire(request(ACME, Duration.ZERO)).close();
        limiter.onProviderRateLimit(GLOBEX, tooManyRequests(Duration.ofSeconds(3), Reasons.HTTP_STATUS));

        try (StatefulRedisConnection<String, String> c = client.connect()) {
            List<String> keys = c.sync().keys(prefix + "*");
            assertThat(keys).isNotEmpty();
            for (String key : keys) {
                assertThat(c.sync().pttl(key)).as("TTL of " + key).isPositive();
            }
        }
    }

    @Test
    void anUnreachableRedisFailsClosedWithLimiterUnavailable() throws Exception {
        RedisClient nowhere = RedisClient.create("redis://127.0.0.1:1");
        try {
            RedisRateLimitBackend backend = RedisRateLimitBackend.builder(nowhere).clock(clock)
                    .requestTimeout(Duration.ofMillis(500)).build();
            BucketRateLimiter limiter = BucketRateLimiter.builder().limits(perProvider(tokens(5, Duration.ofSeconds(1))))
                    .backend(backend).clock(clock).sleeper(clock).meterRegistry(registry).build();

            IntegrationException e = rejection(() -> limiter.acquire(request(ACME, Duration.ofSeconds(1))));

            assertThat(e.envelope().reason()).isEqualTo(Reasons.LIMITER_UNAVAILABLE);
            assertThat(registry.counter(RateLimitMetrics.BACKEND_FAILURES, "backend", "redis", "action",
                    RateLimitMetrics.ACTION_FAIL_CLOSED).count()).isEqualTo(1);
            limiter.close();
        } finally {
            nowhere.shutdown();
        }
    }
}
