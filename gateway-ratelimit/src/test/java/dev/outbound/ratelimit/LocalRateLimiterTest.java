package dev.outbound.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.ratelimit.spi.RateLimitBackend;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The compatibility suite on the local backend; the "nodes" of a test share one in-memory backend. */
class LocalRateLimiterTest extends RateLimiterCompatibilityTest {
    private LocalRateLimitBackend shared;

    @Override
    protected RateLimitBackend newNode(Clock clock) {
        if (shared == null) {
            shared = LocalRateLimitBackend.builder().clock(clock).build();
        }
        return new RateLimitBackendView(shared);
    }

    @Test
    void idleBucketsAreDroppedOnceTheyWouldBeFullAgain() throws Exception {
        LocalRateLimitBackend backend = LocalRateLimitBackend.builder().clock(clock)
                .sweepInterval(Duration.ofSeconds(1)).build();
        BucketRateLimiter limiter = BucketRateLimiter.builder().limits(perProvider(tokens(5, Duration.ofSeconds(10))))
                .backend(backend).clock(clock).sleeper(clock).build();
        limiter.acquire(request(ACME, Duration.ZERO)).close();
        limiter.acquire(request(GLOBEX, Duration.ZERO)).close();
        assertThat(backend.bucketCount()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(11));
        limiter.acquire(request(INITECH, Duration.ZERO)).close();

        assertThat(backend.bucketCount()).isEqualTo(1);
    }
}
