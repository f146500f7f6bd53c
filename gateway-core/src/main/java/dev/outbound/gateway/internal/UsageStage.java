package dev.outbound.gateway.internal;

import dev.outbound.errors.ProviderResponse;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.gateway.spi.LimitUsage;
import dev.outbound.gateway.spi.RateLimiter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage between classify and exchange: tells the limiter what every response — success or error — says about the
 * provider's limits (its usage headers, read by the adapter). It sits below classify because an error response
 * reaches the stages above only as an envelope, without its headers. Usage that cannot be read or recorded never
 * changes the call's outcome.
 */
final class UsageStage implements Interceptor {
    private static final Logger log = LoggerFactory.getLogger(UsageStage.class);
    private final RateLimiter limiter;

    UsageStage(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public IntegrationResponse intercept(Chain chain) {
        CallState call = chain.call();
        IntegrationResponse raw = chain.proceed(chain.request());
        try {
            List<LimitUsage> usage = call.adapter().usage(new ProviderResponse(raw.status(), raw.headers(),
                    raw.body(), raw.bodyTruncated()));
            for (LimitUsage u : usage) {
                limiter.onUsage(call.account(), u);
            }
        } catch (RuntimeException e) {
            log.warn("usage of {}'s limits could not be read or recorded for {}: {}", call.adapter().providerId(),
                    call.account(), e.toString());
        }
        return raw;
    }
}
