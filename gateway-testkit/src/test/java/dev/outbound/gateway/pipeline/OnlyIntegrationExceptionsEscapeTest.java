package dev.outbound.gateway.pipeline;

import static dev.outbound.testkit.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.gateway.spi.RateLimiter;
import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every failure a caller sees from a call is an {@link IntegrationException} with a category; an extension that
 * breaks its contract is wrapped, an extension failing after the call succeeded does not fail it, and JVM
 * {@link Error}s pass through untouched. Regression for {@code IllegalArgumentException} and
 * {@code RedisCommandTimeoutException} escaping {@code execute()}.
 */
class OnlyIntegrationExceptionsEscapeTest {
    private SimulatedProvider sim;

    @BeforeEach
    void start() {
        sim = SimulatedProvider.start();
        sim.onPathMatching("GET", "/api/.*").respond(json(200, "{}"));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private PipelineFixture withLimiter(RateLimiter limiter) {
        return new PipelineFixture(sim, ProviderPolicy.defaults(), IntegrationGateway.builder().rateLimiter(limiter));
    }

    @Test
    void anExtensionThrowingAnUnexpectedRuntimeExceptionBecomesAServerErrorEnvelope() {
        RateLimiter broken = request -> {
            throw new IllegalStateException("limiter backend said no");
        };
        try (PipelineFixture f = withLimiter(broken)) {
            Throwable thrown = catchThrowable(() -> f.client().get("items").operation("probe").execute());

            assertThat(thrown).isInstanceOf(IntegrationException.class);
            IntegrationException e = (IntegrationException) thrown;
            assertThat(e.category()).isEqualTo(ErrorCategory.SERVER_ERROR);
            assertThat(e.envelope().reason()).isEqualTo(Reasons.UNEXPECTED_EXCEPTION);
            assertThat(e.envelope().operation()).isEqualTo("probe");
            assertThat(e.getMessage()).contains("java.lang.IllegalStateException");
            assertThat(f.meters.get("outbound.errors").tag("category", "server_error").counter().count()).isEqualTo(1);
        }
        assertThat(sim.requests()).isEmpty();
    }

    @Test
    void aPermitThatCannotBeReleasedDoesNotFailACallThatSucceeded() {
        AtomicInteger releases = new AtomicInteger();
        RateLimiter releaseFails = request -> () -> {
            releases.incrementAndGet();
            throw new IllegalStateException("Command timed out after 1 minute(s)");
        };
        try (PipelineFixture f = withLimiter(releaseFails)) {
            assertThat(f.client().get("items").execute().status()).isEqualTo(200);
            assertThat(releases).hasValue(1);
        }
    }

    @Test
    void aLimiterThatCannotRecordAProviderPauseStillReportsTheProvidersRateLimit() {
        sim.on("GET", "/api/limited").respond(Responses.status(429));
        RateLimiter feedbackFails = new RateLimiter() {
            @Override
            public Permit acquire(PermitRequest request) {
                return Permit.NONE;
            }

            @Override
            public void onProviderRateLimit(dev.outbound.gateway.AccountKey account,
                                            dev.outbound.errors.ErrorEnvelope envelope) {
                throw new IllegalStateException("redis down");
            }
        };
        try (PipelineFixture f = withLimiter(feedbackFails)) {
            IntegrationException e = catchThrowableOfType(IntegrationException.class,
                    () -> f.client().get("limited").execute());

            assertThat(e.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
            assertThat(e.envelope().httpStatus()).isEqualTo(429);
        }
    }

    @Test
    void jvmErrorsAreNeitherSwallowedNorWrapped() {
        OutOfMemoryError oom = new OutOfMemoryError("simulated");
        RateLimiter exhausted = request -> {
            throw oom;
        };
        try (PipelineFixture f = withLimiter(exhausted)) {
            assertThat(catchThrowable(() -> f.client().get("items").execute())).isSameAs(oom);
        }
    }

    @Test
    void aBodyJacksonCannotWriteIsAValidationErrorNotAnIllegalArgumentException() {
        try (PipelineFixture f = new PipelineFixture(sim)) {
            IntegrationException e = catchThrowableOfType(IntegrationException.class,
                    () -> f.client().post("items").body(Map.of("self", new Object())).execute());

            assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
            assertThat(e.getMessage()).contains("cannot be written as JSON");
        }
        assertThat(sim.requests()).isEmpty();
    }
}
