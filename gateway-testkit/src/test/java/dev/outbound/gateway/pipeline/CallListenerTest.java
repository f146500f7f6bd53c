package dev.outbound.gateway.pipeline;

import static dev.outbound.testkit.Responses.json;
import static dev.outbound.testkit.Responses.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.gateway.spi.CallListener;
import dev.outbound.testkit.SimulatedProvider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Call listeners hear one start and one end or failure per call, after retries, and can never break a call. */
class CallListenerTest {
    private final SimulatedProvider sim = SimulatedProvider.start();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private PipelineFixture f;

    private final CallListener recorder = new CallListener() {
        @Override
        public void callStart(CallInfo call) {
            heard.add("start " + call.account() + " " + call.operation());
        }

        @Override
        public void callEnd(CallInfo call, Duration duration) {
            heard.add("end " + call.account() + " after " + duration.toMillis() + " ms");
        }

        @Override
        public void callFailed(CallInfo call, ErrorEnvelope envelope, Duration duration) {
            heard.add("failed " + envelope.category().wireName() + " attempt " + envelope.attempt());
        }
    };

    private final CallListener broken = new CallListener() {
        @Override
        public void callStart(CallInfo call) {
            throw new IllegalStateException("listener bug");
        }

        @Override
        public void callEnd(CallInfo call, Duration duration) {
            throw new IllegalStateException("listener bug");
        }

        @Override
        public void callFailed(CallInfo call, ErrorEnvelope envelope, Duration duration) {
            throw new IllegalStateException("listener bug");
        }
    };

    @AfterEach
    void stop() {
        f.close();
        sim.close();
    }

    private void gateway() {
        f = new PipelineFixture(sim, ProviderPolicy.builder().backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .build(), IntegrationGateway.builder().callListener(broken).callListener(recorder));
    }

    @Test
    void aCallRetriedToSuccessIsOneStartAndOneEndTimedOnTheGatewaysClock() {
        gateway();
        sim.on("GET", "/api/items/1").respond(status(503), json(200, "{\"id\":1}"));

        f.client().get("items/{id}", 1).operation("sync-items").execute();

        assertThat(heard).hasSize(2);
        assertThat(heard.get(0)).isEqualTo("start acme/crm sync-items");
        assertThat(heard.get(1)).isEqualTo("end acme/crm after " + f.clock.totalSlept().toMillis() + " ms");
    }

    @Test
    void aFailedCallIsOneStartAndOneFailureWithTheFinalEnvelopeAndAThrowingListenerChangesNothing() {
        gateway();
        sim.on("GET", "/api/items/1").respond(status(500));

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("items/{id}", 1).operation("sync-items").execute());

        assertThat(e.envelope().httpStatus()).isEqualTo(500);
        assertThat(heard).containsExactly("start acme/crm sync-items", "failed server_error attempt 3");
    }
}
