package dev.outbound.config;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.testkit.FakeClock;
import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A configuration's {@code direction} decides, through the gateway, which calls its integration may make. */
class IntegrationDirectionTest {

    private static final String SECRET = "k-direction-secret-1234";

    private final FakeClock clock = new FakeClock();
    private SimulatedProvider crm;
    private IntegrationGateway gateway;

    @BeforeEach
    void startProviderAndGateway() {
        crm = SimulatedProvider.start();
        gateway = IntegrationGateway.builder()
                .provider(GenericRestAdapter.builder("crm").baseUrl(crm.baseUrl()).build())
                .credentialStore(new InMemoryCredentialStore(clock)
                        .put(AccountKey.of("crm", "acme"), Credential.ApiKey.header("X-Api-Key", SECRET)))
                .clock(clock).build();
        crm.on("GET", "/contacts").respond(Responses.json(200, "{\"records\":[]}"));
        crm.on("POST", "/contacts").respond(Responses.json(201, "{\"id\":\"1\"}"));
        crm.on("PUT", "/contacts/1").respond(Responses.json(200, "{\"id\":\"1\"}"));
        crm.on("PATCH", "/contacts/1").respond(Responses.json(200, "{\"id\":\"1\"}"));
        crm.on("DELETE", "/contacts/1").respond(Responses.status(204));
        crm.on("POST", "/query").respond(Responses.json(200, "{\"records\":[]}"));
    }

    @AfterEach
    void stop() {
        gateway.close();
        crm.close();
    }

    private static LoadedConfig config(String direction) {
        String doc = """
                {"schemaVersion": 1, "customer": "acme", "integration": "crm-contacts", "provider": "crm",
                 "credentialRef": "acme-crm", "direction": "%s", "schedule": {"type": "interval", "every": "PT15M"}}
                """.formatted(direction);
        return ConfigLoader.ofDefaults().load("test.json", ConfigLoader.Format.JSON,
                doc.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anInboundIntegrationRefusesEveryWriteBeforeAnythingIsSent() {
        ConfiguredClient client = ConfiguredClient.of(gateway, config("inbound"));

        for (Runnable write : new Runnable[]{
                () -> client.post("contacts").body("{}").execute(),
                () -> client.put("contacts/{id}", "1").body("{}").execute(),
                () -> client.patch("contacts/{id}", "1").body("{}").execute(),
                () -> client.delete("contacts/{id}", "1").execute()}) {
            IntegrationException e = catchThrowableOfType(IntegrationException.class, write::run);

            assertThat(e).isNotNull();
            assertThat(e.envelope().category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
            assertThat(e.envelope().reason()).isEqualTo(Reasons.DIRECTION_NOT_ALLOWED);
            assertThat(e.getMessage()).contains("crm-contacts").contains("inbound").doesNotContain(SECRET);
            assertThat(e.envelope().customer()).isEqualTo("acme");
        }
        assertThat(crm.requests()).isEmpty();
    }

    @Test
    void anInboundIntegrationStillReadsIncludingQueriesSentAsPost() {
        ConfiguredClient client = ConfiguredClient.of(gateway, config("inbound"));

        assertThat(client.get("contacts").execute().status()).isEqualTo(200);
        assertThat(client.postQuery("query").body("{\"q\":\"select\"}").execute().status()).isEqualTo(200);

        assertThat(crm.requestCount("GET", "/contacts")).isEqualTo(1);
        assertThat(crm.requestCount("POST", "/query")).isEqualTo(1);
    }

    @Test
    void outboundAndBidirectionalIntegrationsReadAndWrite() {
        for (String direction : new String[]{"outbound", "bidirectional"}) {
            ConfiguredClient client = ConfiguredClient.of(gateway, config(direction));

            assertThat(client.get("contacts").execute().status()).isEqualTo(200);
            assertThat(client.post("contacts").body("{}").execute().status()).isEqualTo(201);
            assertThat(client.put("contacts/{id}", "1").body("{}").execute().status()).isEqualTo(200);
            assertThat(client.patch("contacts/{id}", "1").body("{}").execute().status()).isEqualTo(200);
            assertThat(client.delete("contacts/{id}", "1").execute().status()).isEqualTo(204);
        }
        assertThat(crm.requests()).hasSize(10);
    }

    @Test
    void aRunNamedClientKeepsTheConfiguredDirection() {
        ConfiguredClient forRun = ConfiguredClient.of(gateway, config("inbound")).integration("crm-contacts:run-7");

        assertThat(forRun.direction()).isEqualTo(SyncDirection.INBOUND);
        assertThat(catchThrowableOfType(IntegrationException.class, () -> forRun.put("contacts/{id}", "1")))
                .isNotNull();
        assertThat(crm.requests()).isEmpty();
    }
}
