package dev.outbound.providers.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.providers.DeprecationEvent;
import dev.outbound.providers.GatewayFixture;
import dev.outbound.providers.ProviderMetrics;
import dev.outbound.gateway.spi.LimitUsage;
import dev.outbound.providers.batch.BatchOperation;
import dev.outbound.providers.batch.BatchOutcome;
import dev.outbound.testkit.RecordedRequest;
import dev.outbound.testkit.providers.SalesforceSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Salesforce adapter through a real gateway over the Salesforce simulator, on a fake clock. */
class SalesforceSimulatorTest {
    private static final String ACCOUNT = "{\"Id\":\"001A\",\"Name\":\"Acme\"}";
    private SalesforceSimulator sim;
    private GatewayFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
        sim.close();
    }

    private void start(String version, String acceptedToken) {
        sim = SalesforceSimulator.start(version, acceptedToken);
        f = GatewayFixture.of("salesforce", sim.baseUrl(), version, null);
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(strings = {SalesforceAdapter.DEFAULT_VERSION, "v63.0"})
    void readsARecordAtThePinnedAndTheNextVersionWithABearerToken(String version) {
        start(version, "token-1");
        sim.apiUsage(18, 5000).record("Account", "001A", ACCOUNT);

        IntegrationResponse r = f.client().get("sobjects/Account/{id}", "001A").operation("sync-accounts").execute();

        assertThat(r.bodyAsString()).isEqualTo(ACCOUNT);
        RecordedRequest sent = sim.requests().get(0);
        assertThat(sent.path()).isEqualTo("/services/data/" + version + "/sobjects/Account/001A");
        assertThat(sent.header("Authorization")).contains("Bearer token-1");
        assertThat(f.adapter().rateLimitUsage(r.headers()))
                .containsExactly(new LimitUsage("api-usage", 5000, 4982, Optional.of(Duration.ofHours(24))));
    }

    @Test
    void anExpiredSessionIsRefreshedOnceAndTheCallRetried() {
        sim = SalesforceSimulator.start(SalesforceAdapter.DEFAULT_VERSION, "token-2");
        sim.record("Account", "001A", ACCOUNT);
        AtomicInteger refreshes = new AtomicInteger();
        f = GatewayFixture.of("salesforce", sim.baseUrl(), null, (account, current) -> {
            refreshes.incrementAndGet();
            return Credential.OAuth2Token.bearer("token-2", null);
        });

        IntegrationResponse r = f.client().get("sobjects/Account/{id}", "001A").execute();

        assertThat(r.status()).isEqualTo(200);
        assertThat(refreshes).hasValue(1);
        assertThat(sim.requests()).extracting(q -> q.header("Authorization").orElse(""))
                .containsExactly("Bearer token-1", "Bearer token-2");
    }

    @Test
    void aSessionThatStaysInvalidIsAnAuthFailureWithSalesforcesCode() {
        start(SalesforceAdapter.DEFAULT_VERSION, "another-token");

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("sobjects/Account/{id}", "001A").execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.TOKEN_EXPIRED);
        assertThat(e.envelope().providerCode()).isEqualTo("INVALID_SESSION_ID");
        assertThat(e.envelope().provider()).isEqualTo("salesforce");
        assertThat(e.envelope().customer()).isEqualTo("acme");
    }

    @Test
    void aValidationErrorArrayIsReportedWithItsCodeAndNotRetried() {
        start(SalesforceAdapter.DEFAULT_VERSION, "token-1");
        sim.createFails("Account", "REQUIRED_FIELD_MISSING", "Required fields are missing: [Name]", "Name");

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().post("sobjects/Account").body(Map.of("Phone", "1")).retryNonIdempotent().execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
        assertThat(e.envelope().providerCode()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(e.envelope().message()).isEqualTo("Required fields are missing: [Name]");
        assertThat(sim.requests("POST", ".*")).hasSize(1);
    }

    @Test
    void anExternalIdMatchingSeveralRecordsIsAConflictNotAFailedRedirect() {
        start(SalesforceAdapter.DEFAULT_VERSION, "token-1");
        sim.externalIdMatchesSeveral("Account", "Ext_Id__c", "A-1", "001A", "001B");

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("sobjects/Account/Ext_Id__c/{value}", "A-1").execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT);
        assertThat(e.envelope().reason()).isEqualTo("multiple_matches");
        assertThat(e.envelope().httpStatus()).isEqualTo(300);
        assertThat(sim.requests()).hasSize(1);
    }

    @Test
    void anExhaustedDailyAllocationIsRateLimitedAndNotRetried() {
        start(SalesforceAdapter.DEFAULT_VERSION, "token-1");
        sim.record("Account", "001A", ACCOUNT).dailyLimitExceeded();

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("sobjects/Account/{id}", "001A").execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.QUOTA_EXHAUSTED);
        assertThat(e.envelope().httpStatus()).isEqualTo(403);
        assertThat(sim.requests()).hasSize(1);
        assertThat(f.clock().sleeps()).isEmpty();
    }

    @Test
    void aDisabledRestApiAnsweredAsAnObjectIsAPermissionProblem() {
        start(SalesforceAdapter.DEFAULT_VERSION, "token-1");
        sim.restApiDisabled();

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("limits").execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.PERMISSION_DENIED);
        assertThat(e.envelope().providerCode()).isEqualTo("RESTAPINOTENABLED");
    }

    @Test
    void aServerErrorIsRetriedWithBackoffOnTheFakeClock() {
        start(SalesforceAdapter.DEFAULT_VERSION, "token-1");
        sim.failsThenAnswers("sobjects/Account/001A", 500, ACCOUNT);

        IntegrationResponse r = f.client().get("sobjects/Account/{id}", "001A").execute();

        assertThat(r.bodyAsString()).isEqualTo(ACCOUNT);
        assertThat(sim.requests()).hasSize(2);
        assertThat(f.clock().sleeps()).hasSize(1);
    }

    @Test
    void aRetiredVersionIsVersionRetiredAndRaisesADeprecationEventAndMetric() {
        start("v40.0", "token-1");
        sim.retired();

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("sobjects/Account/{id}", "001A").execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.VERSION_RETIRED);
        assertThat(f.deprecations()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(DeprecationEvent.Kind.VERSION_RETIRED_RESPONSE);
            assertThat(d.version()).isEqualTo("v40.0");
            assertThat(d.customer()).isEqualTo("acme");
        });
        assertThat(f.meters().counter(ProviderMetrics.DEPRECATION_EVENTS, "provider", "salesforce", "customer",
                "acme", "kind", "version_retired_response").count()).isEqualTo(1.0);
    }

    @Test
    void compositeCarriesManyOperationsAndReturnsOneOutcomeEach() {
        start(SalesforceAdapter.DEFAULT_VERSION, "token-1");
        sim.composite(
                SalesforceSimulator.subResponse("newAccount", 201, "{\"id\":\"001B\",\"success\":true,\"errors\":[]}"),
                SalesforceSimulator.subResponse("badContact", 400, "[{\"message\":\"Required fields are missing: "
                        + "[LastName]\",\"errorCode\":\"REQUIRED_FIELD_MISSING\",\"fields\":[\"LastName\"]}]"),
                SalesforceSimulator.subResponse("oldAccount", 404, "[{\"errorCode\":\"NOT_FOUND\",\"message\":"
                        + "\"The requested resource does not exist\"}]"));

        List<BatchOutcome> outcomes = SalesforceComposite.execute(f.client(), "sync-accounts", List.of(
                BatchOperation.post("newAccount", "sobjects/Account", "{\"Name\":\"Acme\"}"),
                BatchOperation.post("badContact", "sobjects/Contact", "{\"FirstName\":\"A\"}"),
                BatchOperation.get("oldAccount", "sobjects/Account/001X")), false);

        assertThat(outcomes).extracting(BatchOutcome::id).containsExactly("newAccount", "badContact", "oldAccount");
        assertThat(outcomes.get(0)).isInstanceOfSatisfying(BatchOutcome.Success.class,
                s -> assertThat(s.status()).isEqualTo(201));
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(BatchOutcome.Failure.class, fail -> {
            assertThat(fail.envelope().category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
            assertThat(fail.envelope().providerCode()).isEqualTo("REQUIRED_FIELD_MISSING");
            assertThat(fail.envelope().customer()).isEqualTo("acme");
            assertThat(fail.envelope().operation()).isEqualTo("sync-accounts");
        });
        assertThat(outcomes.get(2)).isInstanceOfSatisfying(BatchOutcome.Failure.class,
                fail -> assertThat(fail.envelope().category()).isEqualTo(ErrorCategory.NOT_FOUND));
        String body = sim.requests("POST", ".*/composite").get(0).bodyAsString();
        assertThat(body).contains("\"url\":\"/services/data/v62.0/sobjects/Account\"", "\"referenceId\":\"badContact\"",
                "\"allOrNone\":false").doesNotContain("{version}");
    }

    @Test
    void compositeWithAllOrNoneReportsTheHaltedOperationsAsConflicts() {
        start(SalesforceAdapter.DEFAULT_VERSION, "token-1");
        sim.composite(
                SalesforceSimulator.subResponse("a", 400, "[{\"errorCode\":\"PROCESSING_HALTED\",\"message\":"
                        + "\"The transaction was rolled back since another operation in the same transaction "
                        + "failed.\"}]"),
                SalesforceSimulator.subResponse("b", 400, "[{\"message\":\"bad value\",\"errorCode\":"
                        + "\"INVALID_FIELD\"}]"));

        List<BatchOutcome> outcomes = SalesforceComposite.execute(f.client(), "sync", List.of(
                BatchOperation.post("a", "sobjects/Account", "{}"), BatchOperation.post("b", "sobjects/Account",
                        "{}")), true);

        assertThat(outcomes).allMatch(o -> !o.isSuccess());
        assertThat(((BatchOutcome.Failure) outcomes.get(0)).envelope().category()).isEqualTo(ErrorCategory.CONFLICT);
        assertThat(((BatchOutcome.Failure) outcomes.get(1)).envelope().category())
                .isEqualTo(ErrorCategory.VALIDATION_ERROR);
    }

    @Test
    void anInstanceUrlOutsideTheAllowlistIsRefusedBeforeAnythingIsSent() {
        sim = SalesforceSimulator.start(SalesforceAdapter.DEFAULT_VERSION, "token-1");
        f = GatewayFixture.of("salesforce", "https://acme.evil.example", null, null);

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("limits").execute());

        assertThat(e.envelope().reason()).isEqualTo(Reasons.HOST_NOT_ALLOWED);
        assertThat(sim.requests()).isEmpty();
    }
}
