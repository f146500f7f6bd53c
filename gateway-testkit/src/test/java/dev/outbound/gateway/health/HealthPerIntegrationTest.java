package dev.outbound.gateway.health;

import static dev.outbound.testkit.Responses.json;
import static dev.outbound.testkit.Responses.status;
import static dev.outbound.testkit.Responses.tooManyRequests;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.errors.IntegrationException;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationClient;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.gateway.alerts.Advice;
import dev.outbound.gateway.alerts.AlertEvent;
import dev.outbound.gateway.sync.SyncRun;
import dev.outbound.gateway.sync.SyncRuns;
import dev.outbound.testkit.FakeClock;
import dev.outbound.testkit.SimulatedProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Health is kept per customer per integration, through the real pipeline (gateway, simulator, sync runs, monitor, fake
 * clock), and its rows and alerts say in plain words what broke and what to do.
 */
class HealthPerIntegrationTest {
    static final String CUSTOMER = "acme";

    final SimulatedProvider sim = SimulatedProvider.start();
    final FakeClock clock = new FakeClock();
    final List<AlertEvent> alerts = new ArrayList<>();
    final HealthMonitor monitor = HealthMonitor.builder().clock(clock).alertSink(alerts::add)
            .thresholds(HealthThresholds.builder().defaultSla(Duration.ofHours(1)).yellowBelowSuccessRate(0.95)
                    .redBelowSuccessRate(0.9).build()).build();
    final SyncRuns syncs = SyncRuns.builder().clock(clock).listener(monitor).build();
    IntegrationGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        sim.close();
    }

    IntegrationClient client(String provider) {
        InMemoryCredentialStore store = new InMemoryCredentialStore(clock);
        store.put(AccountKey.of(provider, CUSTOMER), Credential.OAuth2Token.bearer("tok-9c1e5a7b3d", null));
        gateway = IntegrationGateway.builder()
                .provider(GenericRestAdapter.builder(provider).baseUrl(sim.baseUrl() + "/api")
                        .policy(ProviderPolicy.builder().backoff(Duration.ofMillis(10), Duration.ofMillis(50))
                                .build()).build())
                .credentialStore(store).clock(clock).callListener(monitor).build();
        monitor.watch(gateway);
        return gateway.client(provider, CUSTOMER);
    }

    /** One run of the sync {@code name}: {@code calls} reads of {@code path}, aborted on the first failure. */
    void sync(IntegrationClient client, String name, String path, int calls) {
        try (SyncRun run = syncs.start(client.account(), name)) {
            IntegrationClient forSync = client.integration(run.name());
            for (int i = 0; i < calls; i++) {
                try {
                    forSync.get(path).operation("read").deadline(Duration.ofSeconds(5)).execute();
                    run.succeeded();
                } catch (IntegrationException e) {
                    run.abort(e.envelope());
                    return;
                }
            }
            run.complete();
        }
    }

    HealthRow row(String integration) {
        return monitor.rows().stream().filter(r -> r.integration().equals(integration)).findFirst().orElseThrow();
    }

    @Test
    void aSyncThatAlwaysFailsIsRedEvenWhileAnotherSyncOfTheSameAccountSucceeds() {
        IntegrationClient salesforce = client("salesforce");
        sim.on("GET", "/api/accounts").respond(json(200, "{\"records\":[]}"));
        sim.on("GET", "/api/orders").respond(status(503));

        for (int round = 0; round < 3; round++) {
            sync(salesforce, "sync-orders", "orders", 1);
            sync(salesforce, "sync-accounts", "accounts", 40);
            clock.advance(Duration.ofMinutes(30));
        }
        monitor.evaluate();

        // Per provider x customer this account was green: 120 of 123 calls succeeded and the last sync did too.
        assertThat(row("sync-accounts").status()).isEqualTo(HealthStatus.GREEN);
        assertThat(row("sync-accounts").advice()).isEqualTo(new Advice("Working", "nothing to do"));
        HealthRow orders = row("sync-orders");
        assertThat(orders.status()).isEqualTo(HealthStatus.RED);
        assertThat(orders.advice().sentence())
                .isEqualTo("Salesforce is failing (server errors): nothing to do on our side, it is retried");
        assertThat(orders.detail()).startsWith("server_error");
        // The account's roll-up is as red as its worst integration and says which one.
        HealthRow account = HealthView.rollUp(monitor.rows()).get(0);
        assertThat(account.integration()).isEqualTo(HealthRow.ALL);
        assertThat(account.status()).isEqualTo(HealthStatus.RED);
        assertThat(account.reason()).startsWith("sync-orders: ");
        assertThat(monitor.view().rows()).extracting(HealthRow::integration)
                .containsExactly("sync-accounts", "sync-orders");
    }

    @Test
    void aRateLimitedIntegrationSaysSyncsAreSlowedDownAndNoActionIsNeeded() {
        IntegrationClient hubspot = client("hubspot");
        sim.on("GET", "/api/contacts").respond(tooManyRequests(Duration.ofSeconds(1)));

        sync(hubspot, "sync-contacts", "contacts", 1);

        assertThat(row("sync-contacts").status()).isNotEqualTo(HealthStatus.GREEN);
        assertThat(row("sync-contacts").advice().sentence()).isEqualTo(
                "HubSpot is rate limiting this customer: syncs are slowed down, no action needed unless it lasts");
        assertThat(row("sync-contacts").detail()).startsWith("rate_limited");
    }

    @Test
    void aLoginRejectedEvenAfterRefreshTellsThatTheCustomerMustReconnectOnEveryIntegrationOfTheAccount() {
        IntegrationClient salesforce = client("salesforce");
        sim.on("GET", "/api/accounts").respond(json(200, "{\"records\":[]}"));
        sync(salesforce, "sync-accounts", "accounts", 1);
        sim.on("GET", "/api/orders").respond(json(401, "[{\"errorCode\":\"INVALID_SESSION_ID\"}]"));

        sync(salesforce, "sync-orders", "orders", 1);

        for (String integration : List.of("sync-orders", "sync-accounts")) {
            HealthRow row = row(integration);
            assertThat(row.status()).as(integration).isEqualTo(HealthStatus.RED);
            assertThat(row.credentialState()).isEqualTo(CredentialState.NEEDS_REAUTHORIZATION);
            assertThat(row.advice().sentence()).as(integration)
                    .isEqualTo("Salesforce rejected the login: the customer must reconnect");
        }
        assertThat(row("sync-orders").detail()).startsWith("auth_failure");
    }

    @Test
    void aCallOutsideAnySyncCountsForTheAccountWithoutASyncToBeLate() {
        IntegrationClient salesforce = client("salesforce");
        sim.on("GET", "/api/limits").respond(json(200, "{}"));

        salesforce.get("limits").operation("read-limits").execute();
        clock.advance(Duration.ofHours(3));

        HealthRow direct = row("");
        assertThat(direct.integrationLabel()).isEqualTo("calls outside syncs");
        assertThat(direct.calls24h()).isEqualTo(1);
        assertThat(direct.status()).isEqualTo(HealthStatus.GREEN);
    }

    @Test
    void anAlertNamesTheIntegrationAndSaysWhatToDo() {
        IntegrationClient salesforce = client("salesforce");
        sim.on("GET", "/api/orders").respond(json(401, "[{\"errorCode\":\"INVALID_SESSION_ID\"}]"));

        sync(salesforce, "sync-orders", "orders", 1);
        monitor.evaluate();

        AlertEvent auth = alerts.stream().filter(a -> a.integration().equals("sync-orders")).findFirst()
                .orElseThrow();
        assertThat(auth.key()).isEqualTo("auth_failure_after_refresh:salesforce:acme:sync-orders");
        assertThat(auth.advice().sentence()).isEqualTo("Salesforce rejected the login: the customer must reconnect");
        assertThat(auth.describe()).contains("sync-orders").contains("the customer must reconnect");
    }
}
