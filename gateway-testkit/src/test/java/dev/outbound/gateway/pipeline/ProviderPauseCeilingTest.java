package dev.outbound.gateway.pipeline;

import static dev.outbound.testkit.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.gateway.OutboundMetrics;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A provider's request to pause is capped by its {@link ProviderPolicy} and the cap is visible. Regression for one 429
 * with {@code Retry-After: 31536000} (or a far HTTP date, or a 20-digit number) pausing an account for a year.
 */
class ProviderPauseCeilingTest {
    private SimulatedProvider sim;
    private PipelineFixture f;

    @BeforeEach
    void start() {
        sim = SimulatedProvider.start();
        f = new PipelineFixture(sim);
    }

    @AfterEach
    void stop() {
        f.close();
        sim.close();
    }

    @ParameterizedTest(name = "Retry-After: {0}")
    @ValueSource(strings = {"31536000", "99999999999999999999", "Fri, 31 Dec 2100 23:59:59 GMT", "2147483648"})
    void aHostileRetryAfterIsCappedAtTheDefaultFiveMinutesAndSaysSo(String header) {
        sim.on("GET", "/api/items").respond(Responses.status(429).withHeader("Retry-After", header));

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("items").deadline(Duration.ofSeconds(20)).execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
        assertThat(e.envelope().retryAfter()).hasValueSatisfying(
                d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMinutes(5)));
        assertThat(f.clock.totalSlept()).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aCappedPauseIsCountedAndNamedInTheMessage() {
        sim.on("GET", "/api/items").respond(Responses.tooManyRequests(Duration.ofDays(365)));

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("items").deadline(Duration.ofSeconds(20)).execute());

        assertThat(e.envelope().retryAfter()).contains(Duration.ofMinutes(5));
        assertThat(e.envelope().message()).contains("provider asked to wait 365d; capped at 5m by "
                + "ProviderPolicy.maxRetryAfter");
        assertThat(f.meters.get(OutboundMetrics.RETRY_AFTER_CAPPED).tag("provider", "crm").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void theCallWaitsTheCappedPauseAndThenSucceeds() {
        sim.on("GET", "/api/items").respond(Responses.tooManyRequests(Duration.ofDays(365)), json(200, "[]"));
        ProviderPolicy policy = ProviderPolicy.builder().maxRetryAfter(Duration.ofSeconds(30)).build();
        try (PipelineFixture g = new PipelineFixture(sim, policy)) {
            assertThat(g.client().get("items").deadline(Duration.ofMinutes(2)).execute().status()).isEqualTo(200);

            assertThat(g.clock.sleeps()).containsExactly(Duration.ofSeconds(30));
        }
    }

    @Test
    void aPauseWithinTheCeilingIsHonouredAsAsked() {
        sim.on("GET", "/api/items").respond(Responses.tooManyRequests(Duration.ofSeconds(90)), json(200, "[]"));

        f.client().get("items").deadline(Duration.ofMinutes(5)).execute();

        assertThat(f.clock.sleeps()).containsExactly(Duration.ofSeconds(90));
        assertThat(f.meters.find(OutboundMetrics.RETRY_AFTER_CAPPED).counter()).isNull();
    }

    @Test
    void thePolicyRefusesCeilingsThatMakeNoSense() {
        assertThatThrownBy(() -> ProviderPolicy.builder().maxRetryAfter(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRetryAfter must be positive");
        assertThatThrownBy(() -> ProviderPolicy.builder().maxRetryAfter(Duration.ofHours(2))
                .maxQuotaPause(Duration.ofHours(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxQuotaPause (PT1H) must not be below");
        assertThat(ProviderPolicy.defaults().retryAfterCeiling("quota_exhausted")).isEqualTo(Duration.ofHours(24));
        assertThat(ProviderPolicy.defaults().retryAfterCeiling("http_status")).isEqualTo(Duration.ofMinutes(5));
    }
}
