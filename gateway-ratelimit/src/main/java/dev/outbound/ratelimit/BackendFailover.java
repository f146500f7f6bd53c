package dev.outbound.ratelimit;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.spi.RateLimiter.PermitRequest;
import dev.outbound.ratelimit.spi.BackendUnavailableException;
import dev.outbound.ratelimit.spi.RateLimitBackend;
import dev.outbound.ratelimit.spi.RateLimitBackend.Pause;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends takes and pauses to the primary backend and applies the {@link BackendFailurePolicy} while it is down:
 * refuse with {@code limiter_unavailable}, or take from local buckets holding a share of each limit. After a
 * failure the primary is left alone for the retry interval, then tried again by the next call; the outage is
 * logged once when it starts and once when it ends. Thread-safe.
 */
final class BackendFailover implements AutoCloseable {
    // Logged under the limiter's name, as before the split, so existing logging configuration still applies.
    private static final Logger log = LoggerFactory.getLogger(BucketRateLimiter.class);

    private final RateLimitBackend backend;
    private final LocalRateLimitBackend fallback;
    private final BackendFailurePolicy policy;
    private final Duration retryInterval;
    private final Clock clock;
    private final PermitPlanner planner;
    private final PermitTaker taker;
    private final LimiterMeters meters;
    private final AtomicBoolean degraded = new AtomicBoolean();
    private final AtomicLong primaryRetryAtMillis = new AtomicLong(Long.MIN_VALUE);

    BackendFailover(RateLimitBackend backend, BackendFailurePolicy policy, Duration retryInterval, Clock clock,
                    PermitPlanner planner, PermitTaker taker, LimiterMeters meters) {
        this.backend = backend;
        this.fallback = LocalRateLimitBackend.builder().clock(clock).build();
        this.policy = policy;
        this.retryInterval = retryInterval;
        this.clock = clock;
        this.planner = planner;
        this.taker = taker;
        this.meters = meters;
    }

    RateLimitBackend backend() {
        return backend;
    }

    /**
     * One try at every permit of {@code plan}, on the primary backend or, while it is down, as the policy says.
     *
     * @throws IntegrationException {@code RATE_LIMITED} / {@code limiter_unavailable} while the backend is down
     *     and the policy fails closed
     */
    Attempt attempt(PermitPlan plan, PermitRequest request) {
        if (!usePrimary()) {
            return attemptDegraded(plan, request, null);
        }
        try {
            Attempt a = taker.attempt(backend, plan, request);
            if (degraded.compareAndSet(true, false)) {
                log.info("rate-limit backend '{}' answers again; shared limits apply again", backend.name());
            }
            return a;
        } catch (BackendUnavailableException e) {
            primaryRetryAtMillis.set(clock.millis() + retryInterval.toMillis());
            return attemptDegraded(plan, request, e);
        }
    }

    /** Records a pause on the primary backend or, while it is down, on the local one. */
    void pause(String key, Pause pause) {
        try {
            if (!usePrimary()) {
                fallback.pause(key, pause);
                return;
            }
            backend.pause(key, pause);
        } catch (BackendUnavailableException e) {
            backendFailed(e, RateLimitMetrics.ACTION_FEEDBACK);
            fallback.pause(key, pause);
        }
    }

    /** Lowers a bucket on the primary backend; while it is down the provider's count is not followed. */
    void lowerTo(String key, io.github.bucket4j.BucketConfiguration configuration, String bandwidthId, long atMost) {
        if (!usePrimary()) {
            return;
        }
        try {
            backend.lowerTo(key, configuration, bandwidthId, atMost);
        } catch (BackendUnavailableException e) {
            backendFailed(e, RateLimitMetrics.ACTION_FEEDBACK);
        }
    }

    private boolean usePrimary() {
        return !degraded.get() || clock.millis() >= primaryRetryAtMillis.get();
    }

    private Attempt attemptDegraded(PermitPlan plan, PermitRequest request, BackendUnavailableException cause) {
        if (policy.failsClosed()) {
            backendFailed(cause, RateLimitMetrics.ACTION_FAIL_CLOSED);
            AccountKey account = plan.account();
            meters.rejected(account, Reasons.LIMITER_UNAVAILABLE);
            throw new IntegrationException(ErrorEnvelope.builder(ErrorCategory.RATE_LIMITED)
                    .provider(account.provider())
                    .customer(account.customerId())
                    .operation(request.operation())
                    .reason(Reasons.LIMITER_UNAVAILABLE)
                    .retryAfter(retryInterval)
                    .message("rate-limit backend '" + backend.name() + "' is unavailable and the limiter fails closed")
                    .timestamp(clock.instant())
                    .build(), cause);
        }
        backendFailed(cause, RateLimitMetrics.ACTION_LOCAL_FALLBACK);
        return taker.attempt(fallback, planner.scaled(plan, policy.localShare()), request);
    }

    private void backendFailed(BackendUnavailableException cause, String action) {
        meters.backendFailure(backend.name(), action);
        if (cause != null && degraded.compareAndSet(false, true)) {
            log.warn("rate-limit backend '{}' is unavailable ({}); {}", backend.name(), cause.getMessage(),
                    policy.failsClosed() ? "refusing calls (fail closed) until it answers"
                            : "falling back to local buckets with " + policy.localShare()
                            + " of each limit until it answers");
        }
    }

    /** Closes the primary backend (which leaves connections handed to its builder open) and the local one. */
    @Override
    public void close() {
        backend.close();
        fallback.close();
    }
}
