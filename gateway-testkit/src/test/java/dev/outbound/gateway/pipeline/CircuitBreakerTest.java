package dev.outbound.gateway.pipeline;

import static dev.outbound.testkit.Responses.json;
import static dev.outbound.testkit.Responses.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.testkit.SimulatedProvider;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private static final ProviderPolicy POLICY = ProviderPolicy.builder().maxAttempts(1)
            .circuitBreaker(50f, 4, 4, Duration.ofSeconds(30), 1).build();

    private SimulatedProvider sim;
    private PipelineFixture f;

    @BeforeEach
    void start() {
        sim = SimulatedProvider.start();
        f = new PipelineFixture(sim, POLICY);
    }

    @AfterEach
    void stop() {
        f.close();
        sim.close();
    }

    private void failFourTimes() {
        for (int i = 0; i < 4; i++) {
            catchThrowableOfType(IntegrationException.class, () -> f.client().get("items").execute());
        }
    }

    @Test
    void opensAfterServerErrorsAndThenFailsFastWithoutCallingTheProvider() {
        sim.on("GET", "/api/items").respond(status(500));
        failFourTimes();
        assertThat(f.gateway.circuitState("crm", "acme")).isEqualTo(CircuitBreaker.State.OPEN);

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("items").execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.SERVER_ERROR);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.CIRCUIT_OPEN);
        assertThat(e.envelope().httpStatus()).isZero();
        assertThat(e.getMessage()).contains("circuit open for acme/crm");
        assertThat(sim.requestCount("GET", "/api/items")).isEqualTo(4);
    }

    @Test
    void halfOpensAfterTheWaitAndClosesWhenTheTrialCallSucceeds() {
        sim.on("GET", "/api/items").respond(status(500), status(500), status(500), status(500), json(200, "[]"));
        failFourTimes();
        assertThat(f.gateway.circuitState("crm", "acme")).isEqualTo(CircuitBreaker.State.OPEN);

        f.clock.advance(Duration.ofSeconds(29));
        assertThat(catchThrowableOfType(IntegrationException.class, () -> f.client().get("items").execute())
                .envelope().reason()).isEqualTo(Reasons.CIRCUIT_OPEN);

        f.clock.advance(Duration.ofSeconds(2));
        assertThat(f.client().get("items").execute().status()).isEqualTo(200);
        assertThat(f.gateway.circuitState("crm", "acme")).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void reopensWhenTheHalfOpenTrialFails() {
        sim.on("GET", "/api/items").respond(status(500));
        failFourTimes();
        f.clock.advance(Duration.ofSeconds(31));

        catchThrowableOfType(IntegrationException.class, () -> f.client().get("items").execute());

        assertThat(f.gateway.circuitState("crm", "acme")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(sim.requestCount("GET", "/api/items")).isEqualTo(5);
    }

    @Test
    void validationErrorsAndRateLimitsDoNotOpenTheCircuit() {
        sim.on("GET", "/api/bad").respond(json(400, "{\"message\":\"bad field\"}"));
        sim.on("GET", "/api/busy").respond(json(429, "{}"));
        for (int i = 0; i < 6; i++) {
            catchThrowableOfType(IntegrationException.class, () -> f.client().get("bad").execute());
            catchThrowableOfType(IntegrationException.class, () -> f.client().get("busy").execute());
        }
        assertThat(f.gateway.circuitState("crm", "acme")).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void eachAccountHasItsOwnCircuit() {
        f.store.put(dev.outbound.gateway.AccountKey.of("crm", "globex"),
                dev.outbound.gateway.Credential.OAuth2Token.bearer("other-token", null));
        sim.on("GET", "/api/items").respond(status(500));
        failFourTimes();

        assertThat(f.gateway.circuitState("crm", "acme")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(f.gateway.circuitState("crm", "globex")).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void circuitStateIsPublishedAsAMetric() {
        sim.on("GET", "/api/items").respond(status(500));
        failFourTimes();

        assertThat(f.meters.get("outbound.circuit.state").tag("state", "open").tag("customer", "acme")
                .gauge().value()).isEqualTo(1.0);
    }
}
