package dev.outbound.ratelimit;

import static dev.outbound.testkit.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.testkit.FakeClock;
import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Through the whole gateway: a hostile {@code Retry-After} pauses the account in the limiter only as long as the
 * provider's policy allows (5 minutes by default), not for the year it asked. Regression for one 429 with
 * {@code Retry-After: 31536000} pausing an account until the next year.
 */
class ProviderPauseThroughGatewayTest {
    @Test
    void aOneYearRetryAfterPausesTheAccountForFiveMinutesAtMost() {
        FakeClock clock = new FakeClock();
        RateLimitSpec spec = RateLimitSpec.builder().bandwidth(Bandwidth.builder().capacity(100)
                .refill(100, Duration.ofSeconds(10)).intervally().build()).build();
        BucketRateLimiter limiter = BucketRateLimiter.builder()
                .limits(RateLimits.builder().provider("crm", spec).build())
                .backend(LocalRateLimitBackend.builder().clock(clock).build()).clock(clock).sleeper(clock).build();
        try (SimulatedProvider sim = SimulatedProvider.start();
             IntegrationGateway gateway = IntegrationGateway.builder()
                     .provider(GenericRestAdapter.builder("crm").baseUrl(sim.baseUrl()).build())
                     .credentialStore(new InMemoryCredentialStore(clock)
                             .put(AccountKey.of("crm", "acme"), Credential.ApiKey.header("X-Api-Key", "k-12345678")))
                     .rateLimiter(limiter).clock(clock).sleeper(clock).build()) {
            sim.on("GET", "/items").respond(Responses.tooManyRequests(Duration.ofDays(365)), json(200, "[]"));

            IntegrationException first = catchThrowableOfType(IntegrationException.class,
                    () -> gateway.client("crm", "acme").get("items").deadline(Duration.ofSeconds(10)).execute());
            assertThat(first.category()).isEqualTo(ErrorCategory.RATE_LIMITED);

            Duration sleptBefore = clock.totalSlept();
            assertThat(gateway.client("crm", "acme").get("items").deadline(Duration.ofMinutes(10)).execute().status())
                    .isEqualTo(200);
            assertThat(clock.totalSlept().minus(sleptBefore)).isPositive()
                    .isLessThanOrEqualTo(Duration.ofMinutes(5));
        }
    }
}
