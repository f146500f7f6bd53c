package dev.outbound.providers.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.providers.GatewayFixture;
import dev.outbound.providers.batch.BatchOperation;
import dev.outbound.providers.batch.BatchOutcome;
import dev.outbound.testkit.RecordedRequest;
import dev.outbound.testkit.providers.DataverseSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Dataverse adapter through a real gateway over the Dataverse simulator, on a fake clock. */
class DataverseSimulatorTest {
    private static final String ID = "00000000-0000-0000-0000-000000000001";
    private static final String ACCOUNT = "{\"accountid\":\"" + ID + "\",\"name\":\"Acme\"}";
    private DataverseSimulator sim;
    private GatewayFixture f;

    @AfterEach
    void stop() {
        f.close();
        sim.close();
    }

    private void start(String version) {
        sim = DataverseSimulator.start(version, "token-1");
        f = GatewayFixture.of("dynamics", sim.baseUrl(), version, null);
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(strings = {"v9.1", DynamicsAdapter.DEFAULT_VERSION})
    void readsARecordWithODataHeadersAtThePinnedVersion(String version) {
        start(version);
        sim.record("accounts", ID, ACCOUNT);

        IntegrationResponse r = f.client().get("accounts(" + ID + ")").execute();

        assertThat(r.bodyAsString()).isEqualTo(ACCOUNT);
        RecordedRequest sent = sim.requests().get(0);
        assertThat(sent.path()).isEqualTo("/api/data/" + version + "/accounts(" + ID + ")");
        assertThat(sent.header("OData-MaxVersion")).contains("4.0");
        assertThat(sent.header("OData-Version")).contains("4.0");
        assertThat(sent.header("Authorization")).contains("Bearer token-1");
    }

    @Test
    void anExpiredEntraTokenIsRefreshedOnce() {
        sim = DataverseSimulator.start("v9.2", "token-2");
        sim.record("accounts", ID, ACCOUNT);
        f = GatewayFixture.of("dynamics", sim.baseUrl(), null,
                (account, current) -> Credential.OAuth2Token.bearer("token-2", null));

        assertThat(f.client().get("accounts(" + ID + ")").execute().status()).isEqualTo(200);
        assertThat(sim.requests()).hasSize(2);
    }

    @Test
    void aStaleUpdateIs412ConflictAndAMissingRecordNotFound() {
        start("v9.2");
        sim.staleUpdate("accounts", ID).missing("accounts", "00000000-0000-0000-0000-000000000009");

        IntegrationException stale = catchThrowableOfType(IntegrationException.class,
                () -> f.client().patch("accounts(" + ID + ")").header("If-Match", "W/\"1\"")
                        .body(Map.of("name", "B")).execute());
        IntegrationException missing = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("accounts(00000000-0000-0000-0000-000000000009)").execute());

        assertThat(stale.category()).isEqualTo(ErrorCategory.CONFLICT);
        assertThat(stale.envelope().message()).isEqualTo("A record with matching key values already exists.");
        assertThat(missing.category()).isEqualTo(ErrorCategory.NOT_FOUND);
    }

    @Test
    void serviceProtection429HonoursRetryAfter() {
        start("v9.2");
        sim.throttledThen("accounts(" + ID + ")", Duration.ofSeconds(17), ACCOUNT);

        assertThat(f.client().get("accounts(" + ID + ")").execute().bodyAsString()).isEqualTo(ACCOUNT);
        assertThat(f.clock().sleeps()).containsExactly(Duration.ofSeconds(17));
    }

    @Test
    void batchWithContinueOnErrorReturnsAnOutcomePerOperation() {
        start("v9.2");
        String b = "batchresponse_1";
        sim.batchContinuingOnError(b, "--" + b + "\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 200 OK\r\n"
                + "Content-Type: application/json\r\n\r\n" + ACCOUNT + "\r\n--" + b + "\r\nContent-Type: "
                + "multipart/mixed; boundary=changesetresponse_1\r\n\r\n--changesetresponse_1\r\nContent-Type: "
                + "application/http\r\nContent-ID: t1\r\n\r\nHTTP/1.1 204 No Content\r\nOData-EntityId: x\r\n\r\n\r\n"
                + "--changesetresponse_1--\r\n--" + b + "\r\nContent-Type: multipart/mixed; boundary=cs2\r\n\r\n"
                + "--cs2\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 400 Bad Request\r\nContent-Type: "
                + "application/json\r\n\r\n{\"error\":{\"code\":\"0x80044331\",\"message\":\"A validation error "
                + "occurred.\"}}\r\n--cs2--\r\n--" + b + "--\r\n");

        List<BatchOutcome> outcomes = DataverseBatch.execute(f.client(), "sync-tasks", List.of(
                BatchOperation.get("read", "accounts(" + ID + ")"),
                BatchOperation.post("t1", "tasks", "{\"subject\":\"ok\"}"),
                BatchOperation.post("t2", "tasks", "{\"subject\":\"" + "x".repeat(300) + "\"}")), false, true);

        assertThat(outcomes).extracting(BatchOutcome::isSuccess).containsExactly(true, true, false);
        assertThat(((BatchOutcome.Failure) outcomes.get(2)).envelope().providerCode()).isEqualTo("0x80044331");
        RecordedRequest sent = sim.requests("POST", ".*/\\$batch").get(0);
        assertThat(sent.header("Prefer")).contains("odata.continue-on-error");
        assertThat(sent.bodyAsString()).contains("POST tasks HTTP/1.1", "Content-ID: t1", "GET accounts(" + ID
                + ") HTTP/1.1");
    }

    @Test
    void batchStoppingAtTheFirstFailureFailsTheCallWithThatPartsError() {
        start("v9.2");
        sim.batchStoppingAtFirstFailure();

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> DataverseBatch.execute(f.client(), "sync-tasks", List.of(
                        BatchOperation.post("t", "tasks", "{\"subject\":\"x\"}")), true, false));

        assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
        assertThat(e.envelope().providerCode()).isEqualTo("0x80044331");
    }
}
