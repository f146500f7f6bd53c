package dev.outbound.ratelimit;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.spi.RateLimiter.Permit;
import dev.outbound.gateway.spi.RateLimiter.PermitRequest;
import dev.outbound.gateway.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Waits for a permit in priority order: the callers of one account queue in a {@link WaitQueue} and only the head
 * tries to take permits, sleeping for the refill estimate between tries. No wait passes the call's deadline: a
 * call whose next try would come after it fails at once with {@code RATE_LIMITED}, the reason of what ran short
 * and the estimate as retry-after. An account nobody waits for has no queue, and its first try skips queueing.
 * Thread-safe.
 */
final class PermitWaits {
    /** Real-time bound of one wait for a turn: deadlines follow the gateway clock, which nothing signals. */
    private static final long TURN_POLL_NANOS = Duration.ofMillis(50).toNanos();

    private final BackendFailover backends;
    private final LimiterMeters meters;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ConcurrentHashMap<AccountKey, WaitQueue> queues = new ConcurrentHashMap<>();

    PermitWaits(BackendFailover backends, LimiterMeters meters, Clock clock, Sleeper sleeper) {
        this.backends = backends;
        this.meters = meters;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Takes every permit of {@code plan}, waiting in turn no longer than the request's deadline. */
    Permit acquire(PermitPlan plan, PermitRequest request) throws InterruptedException {
        AccountKey account = plan.account();
        Instant started = clock.instant();
        Attempt pending = null;
        Attempt last = null;
        if (!queues.containsKey(account)) {
            Attempt first = backends.attempt(plan, request);
            if (first.granted()) {
                return granted(plan, request, started, first);
            }
            rejectIfPastDeadline(plan, request, first);
            pending = first;
            last = first;
        }
        WaitQueue queue = null;
        WaitQueue.Waiter waiter = null;
        try {
            WaitQueue[] holder = new WaitQueue[1];
            WaitQueue.Waiter[] added = new WaitQueue.Waiter[1];
            queues.compute(account, (k, q) -> {
                WaitQueue target = q != null ? q : new WaitQueue();
                holder[0] = target;
                added[0] = target.add(request.priority());
                return target;
            });
            queue = holder[0];
            waiter = added[0];
            meters.queued(request.priority());
            while (true) {
                if (!queue.isHead(waiter)) {
                    pending = null;
                    if (!clock.instant().isBefore(request.deadline())) {
                        throw reject(plan, request, last != null ? last
                                : Attempt.waitFor(Duration.ofSeconds(1), Reasons.LOCAL_QUOTA,
                                "callers of higher priority are ahead"));
                    }
                    queue.awaitChange(waiter, TURN_POLL_NANOS);
                    continue;
                }
                if (pending != null) {
                    sleeper.sleep(pending.delay());
                    pending = null;
                    continue;
                }
                Attempt a = backends.attempt(plan, request);
                if (a.granted()) {
                    return granted(plan, request, started, a);
                }
                last = a;
                rejectIfPastDeadline(plan, request, a);
                pending = a;
            }
        } finally {
            if (waiter != null) {
                WaitQueue.Waiter w = waiter;
                queues.computeIfPresent(account, (k, q) -> {
                    q.remove(w);
                    return q.isEmpty() ? null : q;
                });
                meters.dequeued(request.priority());
            }
        }
    }

    private Permit granted(PermitPlan plan, PermitRequest request, Instant started, Attempt a) {
        meters.waited(plan.account(), request.priority(), Duration.between(started, clock.instant()));
        return a.permit();
    }

    private void rejectIfPastDeadline(PermitPlan plan, PermitRequest request, Attempt a) {
        if (clock.instant().plus(a.delay()).isAfter(request.deadline())) {
            throw reject(plan, request, a);
        }
    }

    private IntegrationException reject(PermitPlan plan, PermitRequest request, Attempt a) {
        AccountKey account = plan.account();
        meters.rejected(account, a.reason());
        return new IntegrationException(ErrorEnvelope.builder(ErrorCategory.RATE_LIMITED)
                .provider(account.provider())
                .customer(account.customerId())
                .operation(request.operation())
                .reason(a.reason())
                .retryAfter(a.delay())
                .message("no rate-limit permit before the call's deadline: " + a.detail())
                .timestamp(clock.instant())
                .build());
    }
}
