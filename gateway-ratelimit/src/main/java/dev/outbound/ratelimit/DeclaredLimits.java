package dev.outbound.ratelimit;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.spi.LimitDeclaration;
import dev.outbound.gateway.spi.LimitDeclaration.Kind;
import dev.outbound.gateway.spi.LimitDeclaration.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The limits providers document, as the gateway declared them, turned into bucket specs: the per-account spec of
 * each provider and, where a declared limit spans every customer of one app, the spec of that shared app bucket
 * (app id {@value #APP_ID}). {@link RateLimits} configured by the user always win over these. Thread-safe.
 */
final class DeclaredLimits {
    /** The app id of the app-wide bucket that declared {@link Scope#APP} limits share. */
    static final String APP_ID = "documented";
    /** Up to this window a rolling limit keeps a small burst; beyond it, see {@link #rolling}. */
    private static final Duration SHORT_WINDOW = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(BucketRateLimiter.class);

    private record Specs(RateLimitSpec account, Optional<RateLimitSpec> app) {
    }

    private final ConcurrentHashMap<String, Specs> byProvider = new ConcurrentHashMap<>();

    /** Records {@code provider}'s enforced limits; a limit that no bucket can express is logged and skipped. */
    void declare(String provider, List<LimitDeclaration> limits) {
        RateLimitSpec.Builder account = RateLimitSpec.builder();
        RateLimitSpec.Builder app = RateLimitSpec.builder().feedbackScope(RateLimitSpec.FeedbackScope.APP);
        boolean anyApp = false;
        for (LimitDeclaration d : limits) {
            if (!d.enforced() || d.scope() == Scope.ENDPOINT) {
                continue;
            }
            RateLimitSpec.Builder target = d.scope() == Scope.APP ? app : account;
            anyApp |= d.scope() == Scope.APP;
            try {
                if (d.kind() == Kind.CONCURRENCY) {
                    target.maxConcurrent((int) Math.min(100_000, d.limit()));
                } else {
                    target.bandwidth(d.kind() == Kind.RATE ? rolling(d) : fixed(d));
                }
            } catch (IllegalArgumentException e) {
                log.warn("{}: documented limit {} cannot be applied: {}", provider, d.name(), e.getMessage());
            }
        }
        try {
            byProvider.put(provider, new Specs(account.build(),
                    anyApp ? Optional.of(app.build()) : Optional.empty()));
        } catch (IllegalArgumentException e) {
            log.warn("{}: documented limits cannot be applied: {}", provider, e.getMessage());
        }
    }

    /** The account spec declared for the account's provider, if any. */
    Optional<RateLimitSpec> specFor(AccountKey account) {
        return Optional.ofNullable(byProvider.get(account.provider())).map(Specs::account);
    }

    /** The app-wide bucket declared for the account's provider, if any. */
    Optional<RateLimits.App> appFor(AccountKey account) {
        return Optional.ofNullable(byProvider.get(account.provider())).flatMap(Specs::app)
                .map(spec -> new RateLimits.App(account.provider(), APP_ID, spec));
    }

    /**
     * A rolling-window limit. Short windows (HubSpot's ten seconds, Dataverse's five minutes) get a tenth of the
     * limit as burst so that no rolling window sees more than the limit ({@link Bandwidth#rollingWindow}). For a
     * long window (Salesforce's 24 hours) that would hold a sync job to a trickle for a day, so the whole limit is
     * the burst; the provider's usage header on every response then lowers the bucket to the provider's own count.
     */
    private static Bandwidth rolling(LimitDeclaration d) {
        if (d.limit() < 2 || d.window().compareTo(SHORT_WINDOW) > 0) {
            return Bandwidth.builder().name(d.name()).capacity(d.limit()).refill(d.limit(), d.window()).build();
        }
        Bandwidth shape = Bandwidth.rollingWindow(d.limit(), d.window(), Math.max(1, d.limit() / 10));
        return Bandwidth.builder().name(d.name()).capacity(shape.capacity())
                .refill(shape.refillTokens(), shape.refillPeriod()).build();
    }

    /** An allocation that comes back at once each window, windows starting at the epoch (midnight UTC for days). */
    private static Bandwidth fixed(LimitDeclaration d) {
        return Bandwidth.builder().name(d.name()).capacity(d.limit()).refill(d.limit(), d.window()).intervally()
                .alignedTo(Instant.EPOCH).build();
    }
}
