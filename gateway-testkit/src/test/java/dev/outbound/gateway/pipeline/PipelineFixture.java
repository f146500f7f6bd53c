package dev.outbound.gateway.pipeline;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.testkit.FakeClock;
import dev.outbound.testkit.SimulatedProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/** A gateway in front of one simulator, on a fake clock, with a bearer token for customer "acme". */
final class PipelineFixture implements AutoCloseable {
    static final String PROVIDER = "crm";
    static final String CUSTOMER = "acme";
    static final String TOKEN = "tok-3f9a1c7e5b2d4a6f8e0c";

    final SimulatedProvider sim;
    final FakeClock clock = new FakeClock();
    final InMemoryCredentialStore store = new InMemoryCredentialStore(clock);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final IntegrationGateway gateway;

    PipelineFixture(SimulatedProvider sim) {
        this(sim, ProviderPolicy.builder().backoff(Duration.ofMillis(200), Duration.ofSeconds(5)).build());
    }

    PipelineFixture(SimulatedProvider sim, ProviderPolicy policy) {
        this(sim, policy, IntegrationGateway.builder());
    }

    PipelineFixture(SimulatedProvider sim, ProviderPolicy policy, IntegrationGateway.Builder builder) {
        this.sim = sim;
        store.put(AccountKey.of(PROVIDER, CUSTOMER), Credential.OAuth2Token.bearer(TOKEN, null));
        this.gateway = builder
                .provider(GenericRestAdapter.builder(PROVIDER).baseUrl(sim.baseUrl() + "/api")
                        .idempotencyKeyHeader("Idempotency-Key").policy(policy).build())
                .credentialStore(store)
                .meterRegistry(meters)
                .clock(clock)
                .build();
    }

    dev.outbound.gateway.IntegrationClient client() {
        return gateway.client(PROVIDER, CUSTOMER);
    }

    @Override
    public void close() {
        gateway.close();
    }
}
