package dev.outbound.gateway.pipeline;

import static dev.outbound.testkit.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.testkit.FakeClock;
import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientCallTest {
    record Item(int id, String name) {
    }

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

    @Test
    void readsTheJsonBodyAsARecordAndAsAGenericType() {
        sim.on("GET", "/api/items/7").respond(json(200, "{\"id\":7,\"name\":\"seven\",\"extra\":true}"));
        sim.on("GET", "/api/items").respond(json(200, "[{\"id\":1,\"name\":\"a\"},{\"id\":2,\"name\":\"b\"}]"));

        assertThat(f.client().get("items/{id}", 7).execute(Item.class)).isEqualTo(new Item(7, "seven"));
        assertThat(f.client().get("items").execute(new TypeReference<List<Item>>() { }))
                .extracting(Item::name).containsExactly("a", "b");
    }

    @Test
    void sendsQueryHeadersAndAJsonBodyWithTheBearerToken() {
        sim.on("POST", "/api/items").respond(json(201, "{\"id\":3,\"name\":\"c\"}"));

        f.client().post("items").query("dry run", "yes&no").header("X-Trace", "t1")
                .body(new Item(3, "c")).execute();

        var request = sim.requests().get(0);
        assertThat(request.path()).isEqualTo("/api/items?dry%20run=yes%26no");
        assertThat(request.header("X-Trace")).contains("t1");
        assertThat(request.header("Authorization")).contains("Bearer " + PipelineFixture.TOKEN);
        assertThat(request.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(request.bodyAsString()).isEqualTo("{\"id\":3,\"name\":\"c\"}");
    }

    @Test
    void executeAsyncCompletesWithTheResponseOrFailsWithTheEnvelope() throws Exception {
        sim.on("GET", "/api/ok").respond(json(200, "{}"));
        sim.on("GET", "/api/missing").respond(json(404, "{\"message\":\"no such item\"}"));

        CompletableFuture<IntegrationResponse> ok = f.client().get("ok").executeAsync();
        CompletableFuture<IntegrationResponse> missing = f.client().get("missing").executeAsync();

        assertThat(ok.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThatThrownBy(() -> missing.join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(IntegrationException.class)
                .satisfies(e -> assertThat(((IntegrationException) e).category()).isEqualTo(ErrorCategory.NOT_FOUND));
    }

    @Test
    void aMalformedSuccessBodyIsAServerErrorEnvelopeNotAJacksonException() {
        sim.on("GET", "/api/items/1").respond(json(200, "{\"id\": 1, \"name\": "));

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("items/{id}", 1).operation("sync-items").execute(Item.class));

        assertThat(e.category()).isEqualTo(ErrorCategory.SERVER_ERROR);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.MALFORMED_RESPONSE);
        assertThat(e.envelope().customer()).isEqualTo("acme");
        assertThat(e.envelope().correlationId()).isNotEmpty();
    }

    @Test
    void aConnectionResetBecomesARetriedServerError() {
        sim.on("GET", "/api/flaky").respond(Responses.connectionReset(), json(200, "{}"));

        assertThat(f.client().get("flaky").execute().status()).isEqualTo(200);
        assertThat(sim.requestCount("GET", "/api/flaky")).isEqualTo(2);
    }

    @Test
    void theApiVersionGoesInThePathAndAnAccountMayPinAnother() {
        FakeClock clock = new FakeClock();
        InMemoryCredentialStore store = new InMemoryCredentialStore(clock)
                .put(AccountKey.of("erp", "acme"), Credential.ApiKey.header("X-Api-Key", "k-1"))
                .put(AccountKey.of("erp", "globex"), Credential.ApiKey.query("api_key", "k-2"));
        sim.onPathMatching("GET", "/erp/v.*/orders").respond(json(200, "[]"));
        try (IntegrationGateway g = IntegrationGateway.builder()
                .provider(GenericRestAdapter.builder("erp").baseUrl(sim.baseUrl() + "/erp")
                        .apiVersion("v2", GenericRestAdapter.VersionPlacement.PATH).build())
                .account("erp", "globex", AccountSettings.none().withApiVersion("v3"))
                .credentialStore(store).clock(clock).build()) {
            g.client("erp", "acme").get("orders").execute();
            g.client("erp", "globex").get("orders").execute();
        }
        assertThat(sim.requests().get(0).path()).isEqualTo("/erp/v2/orders");
        assertThat(sim.requests().get(0).header("X-Api-Key")).contains("k-1");
        assertThat(sim.requests().get(1).path()).isEqualTo("/erp/v3/orders?api_key=k-2");
    }

    @Test
    void theApiVersionCanGoInAHeaderAndBasicAuthIsApplied() {
        FakeClock clock = new FakeClock();
        InMemoryCredentialStore store = new InMemoryCredentialStore(clock)
                .put(AccountKey.of("pay", "acme"), new Credential.BasicAuth("isu_acme", "pw:1"));
        sim.on("GET", "/charges").respond(json(200, "[]"));
        try (IntegrationGateway g = IntegrationGateway.builder()
                .provider(GenericRestAdapter.builder("pay").baseUrl(sim.baseUrl())
                        .apiVersion("2024-06-20", GenericRestAdapter.VersionPlacement.HEADER)
                        .versionHeader("Pay-Version").build())
                .credentialStore(store).clock(clock).build()) {
            g.client("pay", "acme").get("charges").execute();
        }
        assertThat(sim.requests().get(0).header("Pay-Version")).contains("2024-06-20");
        assertThat(sim.requests().get(0).header("Authorization")).contains("Basic aXN1X2FjbWU6cHc6MQ==");
    }

    @Test
    void anErrorInsideAnHttp200IsFoundByTheAdaptersClassifier() {
        FakeClock clock = new FakeClock();
        InMemoryCredentialStore store = new InMemoryCredentialStore(clock)
                .put(AccountKey.of("legacy", "acme"), Credential.ApiKey.header("X-Key", "k"));
        sim.on("GET", "/rpc").respond(Responses.okWithErrorBody("{\"status\":\"error\",\"message\":\"bad id\"}"));
        try (IntegrationGateway g = IntegrationGateway.builder()
                .provider(GenericRestAdapter.builder("legacy").baseUrl(sim.baseUrl())
                        .classifier(r -> r.bodyText().contains("\"status\":\"error\"")
                                ? Optional.of(ErrorEnvelope.builder(ErrorCategory.VALIDATION_ERROR)
                                .httpStatus(r.status()).reason(Reasons.ERROR_IN_SUCCESS_BODY).message("bad id").build())
                                : Optional.empty())
                        .build())
                .credentialStore(store).clock(clock).build()) {
            IntegrationException e = catchThrowableOfType(IntegrationException.class,
                    () -> g.client("legacy", "acme").get("rpc").operation("lookup").execute());
            assertThat(e.envelope().reason()).isEqualTo(Reasons.ERROR_IN_SUCCESS_BODY);
            assertThat(e.getMessage()).isEqualTo(
                    "validation_error on acme/legacy (lookup): bad id [HTTP 200, attempt 1 of 3]");
        }
    }

    @Test
    void aMissingCredentialIsAnAuthFailureThatNamesTheAccount() {
        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.gateway.client("crm", "nobody").get("items").execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.CREDENTIAL_UNAVAILABLE);
        assertThat(e.getMessage()).contains("no credential stored for nobody/crm");
        assertThat(sim.requests()).isEmpty();
    }

    @Test
    void invalidCustomerIdsAndUnknownProvidersAreRefusedWithAPreciseMessage() {
        assertThatThrownBy(() -> f.gateway.client("crm", "../etc/passwd"))
                .isInstanceOf(IntegrationException.class).hasMessageContaining("invalid customerId '../etc/passwd'");
        assertThatThrownBy(() -> f.gateway.client("crm", "acme\nINFO forged"))
                .isInstanceOf(IntegrationException.class).hasMessageContaining("\\u000a")
                .hasMessageNotContaining("\n");
        IntegrationException unknown = catchThrowableOfType(() -> f.gateway.client("hubspot", "acme"),
                IntegrationException.class);
        assertThat(unknown.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
        assertThat(unknown.envelope().reason()).isEqualTo(Reasons.INVALID_REQUEST);
        assertThat(unknown.envelope().message())
                .isEqualTo("no adapter for provider 'hubspot'; tried [registered adapters [crm]]");
    }

    @Test
    void theBuilderNamesTheMissingOrInconsistentSetting() {
        assertThatThrownBy(() -> IntegrationGateway.builder().credentialStore(new InMemoryCredentialStore()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no providers");
        assertThatThrownBy(() -> IntegrationGateway.builder()
                .provider(GenericRestAdapter.builder("crm").baseUrl("https://crm.example.com").build()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("credentialStore is required");
        assertThatThrownBy(() -> IntegrationGateway.builder()
                .provider(GenericRestAdapter.builder("crm").baseUrl("https://crm.example.com").build())
                .credentialStore(new InMemoryCredentialStore())
                .policy("erp", dev.outbound.gateway.ProviderPolicy.defaults()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("policy(\"erp\", ...)");
        assertThatThrownBy(() -> GenericRestAdapter.builder("crm").baseUrl("ftp://crm.example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseUrl must be an absolute http(s) URL");
    }

    @Test
    void operationNamesMustBeBoundedBecauseTheyAreMetricTags() {
        assertThatThrownBy(() -> f.client().get("items").operation("sync items for customer 12345 at 10:00:00 today now"))
                .isInstanceOf(IntegrationException.class).hasMessageContaining("operation must be 1-64 characters");
    }

    @Test
    void aCallerDeadlineInThePastFailsWithoutSending() {
        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("items").deadline(f.clock.instant().minus(Duration.ofSeconds(1))).execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.DEADLINE_EXCEEDED);
        assertThat(sim.requests()).isEmpty();
    }
}
