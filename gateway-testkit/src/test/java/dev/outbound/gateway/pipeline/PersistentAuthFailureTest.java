package dev.outbound.gateway.pipeline;

import static dev.outbound.testkit.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.alerts.AlertEvent;
import dev.outbound.gateway.alerts.AlertRules;
import dev.outbound.gateway.credentials.AuthEvent;
import dev.outbound.gateway.health.HealthMonitor;
import dev.outbound.testkit.FakeClock;
import dev.outbound.testkit.SimulatedProvider;
import dev.outbound.testkit.SimulatedResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An API that keeps answering 401 although every refresh succeeds (scope removed, user disabled): the account goes to
 * "needs re-authorization" after a bounded number of refresh-and-retry cycles, with an auth event and an alert, and
 * its calls then fail fast without a request. Before, every call refreshed and sent two requests, for ever.
 */
class PersistentAuthFailureTest {
    static final AccountKey ACME = AccountKey.of("crm", "acme");
    static final SimulatedResponse UNAUTHORIZED = json(401, "{\"error\":\"invalid_token\"}");

    final SimulatedProvider sim = SimulatedProvider.start();
    final FakeClock clock = new FakeClock();
    final InMemoryCredentialStore store = new InMemoryCredentialStore(clock);
    final AtomicInteger refreshes = new AtomicInteger();
    final List<AuthEvent> events = new CopyOnWriteArrayList<>();
    final List<AlertEvent> alerts = new CopyOnWriteArrayList<>();
    final HealthMonitor monitor = HealthMonitor.builder().clock(clock).alertSink(alerts::add).build();
    IntegrationGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        monitor.close();
        sim.close();
    }

    IntegrationGateway gateway(IntegrationGateway.Builder builder) {
        store.put(ACME, new Credential.OAuth2Token("at-0", "rt-0", clock.instant().plus(Duration.ofHours(1)), ""));
        gateway = builder.provider(GenericRestAdapter.builder("crm").baseUrl(sim.baseUrl() + "/api").build())
                .credentialStore(store).clock(clock)
                .tokenRefresher((account, current) -> {
                    int n = refreshes.incrementAndGet();
                    return new Credential.OAuth2Token("at-" + n, "rt-" + n, clock.instant().plus(Duration.ofHours(1)),
                            "");
                })
                .authEventListener(event -> {
                    events.add(event);
                    monitor.onEvent(event); // only the auth event reaches health: the alert must come from it
                })
                .build();
        return gateway;
    }

    IntegrationException failingCall() {
        return catchThrowableOfType(IntegrationException.class,
                () -> gateway.client("crm", "acme").get("items").operation("sync-items").execute());
    }

    @Test
    void anAccountRejectedAfterEveryRefreshNeedsReauthorizationAfterThreeCyclesAndThenSendsNothing() {
        gateway(IntegrationGateway.builder());
        sim.on("GET", "/api/items").respond(UNAUTHORIZED);

        for (int call = 1; call <= 3; call++) {
            assertThat(failingCall().category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
        }

        assertThat(refreshes).hasValue(3);
        assertThat(sim.requestCount("GET", "/api/items")).isEqualTo(6);
        assertThat(gateway.credentials().needsReauthorization(ACME)).isTrue();
        assertThat(events).filteredOn(e -> e.type() == AuthEvent.Type.REJECTED).singleElement()
                .satisfies(e -> assertThat(e.type().critical()).isTrue());

        IntegrationException fast = failingCall();

        assertThat(fast.category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
        assertThat(fast.envelope().reason()).isEqualTo(Reasons.TOKEN_REVOKED);
        assertThat(fast.getMessage()).contains("needs re-authorization").doesNotContain("at-3");
        assertThat(sim.requestCount("GET", "/api/items")).isEqualTo(6);
        assertThat(refreshes).hasValue(3);
        monitor.evaluate();
        assertThat(alerts).extracting(AlertEvent::rule).contains(AlertRules.AUTH_AFTER_REFRESH);
    }

    @Test
    void aCallTheProviderAcceptsStartsTheCountAgain() {
        gateway(IntegrationGateway.builder());
        sim.on("GET", "/api/items").respond(UNAUTHORIZED, UNAUTHORIZED, json(200, "[]"), UNAUTHORIZED);

        failingCall(); // cycle 1
        assertThat(gateway.client("crm", "acme").get("items").execute().status()).isEqualTo(200);
        failingCall(); // cycle 1 again
        failingCall(); // cycle 2

        assertThat(gateway.credentials().needsReauthorization(ACME)).isFalse();
        failingCall(); // cycle 3
        assertThat(gateway.credentials().needsReauthorization(ACME)).isTrue();
    }

    @Test
    void theNumberOfCyclesIsConfigurable() {
        gateway(IntegrationGateway.builder().rejectionLimit(1));
        sim.on("GET", "/api/items").respond(UNAUTHORIZED);

        failingCall();

        assertThat(gateway.credentials().needsReauthorization(ACME)).isTrue();
        assertThat(refreshes).hasValue(1);
        assertThat(sim.requestCount("GET", "/api/items")).isEqualTo(2);
    }
}
