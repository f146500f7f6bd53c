package dev.outbound.ratelimit;

import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.spi.LimitUsage;
import dev.outbound.ratelimit.spi.RateLimitBackend.Pause;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a provider's "too many requests" into a pause of the account's (or its app's) buckets in the backend, so
 * every worker on every node stops: until the provider's retry-after, else until midnight in the quota zone for an
 * exhausted daily quota, else for the spec's feedback pause. Thread-safe.
 */
final class ProviderFeedback {
    // Logged under the limiter's name, as before the split, so existing logging configuration still applies.
    private static final Logger log = LoggerFactory.getLogger(BucketRateLimiter.class);

    private final PermitPlanner planner;
    private final BackendFailover backends;
    private final LimiterMeters meters;
    private final Clock clock;

    ProviderFeedback(PermitPlanner planner, BackendFailover backends, LimiterMeters meters, Clock clock) {
        this.planner = planner;
        this.backends = backends;
        this.meters = meters;
        this.clock = clock;
    }

    /** Pauses the account or its app; never throws, as the SPI requires. */
    void onProviderRateLimit(AccountKey account, ErrorEnvelope envelope) {
        try {
            PermitPlan plan = planner.planFor(account);
            RateLimitSpec spec = plan.spec();
            Instant now = clock.instant();
            boolean quota = Reasons.QUOTA_EXHAUSTED.equals(envelope.reason());
            Instant until;
            if (envelope.retryAfter().isPresent()) {
                until = now.plus(envelope.retryAfter().get());
            } else if (quota) {
                until = nextMidnight(now, spec.quotaResetZone());
            } else {
                until = now.plus(spec.feedbackPause());
            }
            boolean appWide = spec.feedbackScope() == RateLimitSpec.FeedbackScope.APP && plan.app().isPresent();
            String key = (appWide ? PermitPlan.appKey(plan.app().get()) : PermitPlan.accountKey(account)) + ":pause";
            Pause pause = new Pause(until, quota ? Reasons.QUOTA_EXHAUSTED : Reasons.LOCAL_QUOTA);
            meters.feedback(account, quota ? Reasons.QUOTA_EXHAUSTED : "rate_limited");
            log.info("provider asked {} to slow down ({}); pausing {} until {}", account,
                    envelope.reason().isEmpty() ? "rate_limited" : envelope.reason(),
                    appWide ? "its app" : "the account", until);
            backends.pause(key, pause);
        } catch (RuntimeException e) {
            // The SPI says feedback must not throw: the call that reported it fails with its own error anyway.
            log.warn("could not record provider rate-limit feedback for {}: {}", account, e.toString());
        }
    }

    /** Lowers the account's (or app's) bucket whose bandwidth the usage names; never throws, as the SPI requires. */
    void onUsage(AccountKey account, LimitUsage usage) {
        try {
            PermitPlan plan = planner.planFor(account);
            lower(plan.spec(), plan, RateLimitMetrics.SCOPE_ACCOUNT, usage);
            plan.app().ifPresent(app -> lower(app.spec(), plan, RateLimitMetrics.SCOPE_APP, usage));
        } catch (RuntimeException e) {
            log.debug("could not follow the provider's usage count for {}: {}", account, e.toString());
        }
    }

    private void lower(RateLimitSpec spec, PermitPlan plan, String scope, LimitUsage usage) {
        if (spec.bandwidths().stream().noneMatch(b -> b.name().equals(usage.limitName()))) {
            return;
        }
        for (PermitPlan.BucketRef bucket : plan.buckets()) {
            if (bucket.scope().equals(scope)) {
                backends.lowerTo(bucket.key(), bucket.configuration(), usage.limitName(), usage.remaining());
            }
        }
    }

    private static Instant nextMidnight(Instant now, ZoneId zone) {
        return now.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
    }
}
