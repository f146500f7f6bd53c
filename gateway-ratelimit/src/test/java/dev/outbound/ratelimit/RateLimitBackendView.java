package dev.outbound.ratelimit;

import dev.outbound.ratelimit.spi.RateLimitBackend;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A backend that forwards to another and can be switched to fail like an unreachable store; closing it leaves the
 * other open, so several limiters can share one local backend the way nodes share Redis.
 */
class RateLimitBackendView implements RateLimitBackend {
    private final RateLimitBackend target;
    private volatile boolean down;

    RateLimitBackendView(RateLimitBackend target) {
        this.target = target;
    }

    void down(boolean down) {
        this.down = down;
    }

    private RateLimitBackend target() {
        if (down) {
            throw new dev.outbound.ratelimit.spi.BackendUnavailableException("test: backend is down", null);
        }
        return target;
    }

    @Override
    public String name() {
        return target.name();
    }

    @Override
    public ConsumptionProbe tryConsume(String key, BucketConfiguration configuration, long tokens) {
        return target().tryConsume(key, configuration, tokens);
    }

    @Override
    public void refund(String key, BucketConfiguration configuration, long tokens) {
        target().refund(key, configuration, tokens);
    }

    @Override
    public boolean tryAcquireLease(String key, int limit, String leaseId, Instant now, Instant expiresAt) {
        return target().tryAcquireLease(key, limit, leaseId, now, expiresAt);
    }

    @Override
    public void releaseLease(String key, String leaseId) {
        target().releaseLease(key, leaseId);
    }

    @Override
    public void pause(String key, Pause pause) {
        target().pause(key, pause);
    }

    @Override
    public Optional<Pause> activePause(List<String> keys, Instant now) {
        return target().activePause(keys, now);
    }
}
