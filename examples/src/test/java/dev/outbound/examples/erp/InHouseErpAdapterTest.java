package dev.outbound.examples.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.testkit.FakeClock;
import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class InHouseErpAdapterTest {

    @Test
    void theClasspathConfigurationBuildsTheAdapter() {
        InHouseErpAdapter a = InHouseErpAdapter.fromClasspath();

        assertThat(a.providerId()).isEqualTo("inhouse-erp");
        assertThat(a.defaultApiVersion()).isEqualTo("v3");
        assertThat(a.allowedHosts().allows("erp.internal.example.com")).isTrue();
    }

    @Test
    void callsGoThroughTheGatewayWithTheApiKeyAndXmlErrorsAreClassified() {
        FakeClock clock = new FakeClock();
        try (SimulatedProvider sim = SimulatedProvider.start()) {
            Properties p = new Properties();
            p.putAll(Map.of("provider.id", "inhouse-erp", "base.url", sim.baseUrl() + "/api",
                    "allowed.hosts", "127.0.0.1", "api.version", "v3", "api.key.header", "X-ERP-Key"));
            sim.on("GET", "/api/v3/orders/42").whenHeader("X-ERP-Key", "k-123").respond(Responses.json(200, "{}"));
            sim.on("PUT", "/api/v3/orders/42").respond(Responses.xml(200,
                    "<erpError><code>LOCKED</code><message>Order 42 is being edited</message></erpError>"));
            InMemoryCredentialStore store = new InMemoryCredentialStore(clock)
                    .put(AccountKey.of("inhouse-erp", "acme"), Credential.ApiKey.header("X-ERP-Key", "k-123"));
            try (IntegrationGateway gateway = IntegrationGateway.builder()
                    .adapterFactory(InHouseErpAdapter.factory(InHouseErpAdapter.fromProperties(p, clock)))
                    .account("inhouse-erp", "acme", AccountSettings.none())
                    .credentialStore(store).clock(clock).build()) {

                assertThat(gateway.client("inhouse-erp", "acme").get("orders/{id}", 42).execute().status())
                        .isEqualTo(200);
                IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> gateway
                        .client("inhouse-erp", "acme").put("orders/{id}", 42).body(Map.of("qty", 2)).execute());

                assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT);
                assertThat(e.envelope().providerCode()).isEqualTo("LOCKED");
                assertThat(e.envelope().message()).isEqualTo("Order 42 is being edited");
            }
        }
    }
}
