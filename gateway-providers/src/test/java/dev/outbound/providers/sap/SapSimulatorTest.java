package dev.outbound.providers.sap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.providers.GatewayFixture;
import dev.outbound.providers.batch.BatchOperation;
import dev.outbound.providers.batch.BatchOutcome;
import dev.outbound.testkit.RecordedRequest;
import dev.outbound.testkit.providers.SapSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SAP OData adapter through a real gateway over the SAP Gateway simulator, on a fake clock. */
class SapSimulatorTest {
    private static final Credential.BasicAuth USER = new Credential.BasicAuth("COMM_USER", "s3cret-Pa55");
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString("COMM_USER:s3cret-Pa55".getBytes(StandardCharsets.UTF_8));
    private static final String SERVICE = "API_BUSINESS_PARTNER";
    private static final String PARTNER = "{\"d\":{\"BusinessPartner\":\"1\",\"BusinessPartnerName\":\"Acme\"}}";

    private SapSimulator sim;
    private GatewayFixture f;

    @AfterEach
    void stop() {
        f.close();
        sim.close();
    }

    private void startV2() {
        sim = SapSimulator.startV2(SERVICE, BASIC);
        f = GatewayFixture.builder("sap", sim.baseUrl()).credential(USER).build();
    }

    @Test
    void readsAnEntityAsJsonWithBasicAuthAndNoCsrfHandshake() {
        startV2();
        sim.entity("A_BusinessPartner('1')", PARTNER);

        IntegrationResponse r = f.client().get(SERVICE + "/A_BusinessPartner('1')").execute();

        assertThat(r.bodyAsString()).isEqualTo(PARTNER);
        RecordedRequest sent = sim.requests().get(0);
        assertThat(sent.path()).isEqualTo("/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner('1')");
        assertThat(sent.header("Authorization")).contains(BASIC);
        assertThat(sent.header("Accept")).contains("application/json");
        assertThat(sim.requests()).hasSize(1);
    }

    @Test
    void aWriteFetchesACsrfTokenFirstAndSendsItWithTheSessionCookie() {
        startV2();
        sim.creates("A_BusinessPartner", PARTNER);

        IntegrationResponse r = f.client().post(SERVICE + "/A_BusinessPartner").body(Map.of("Name", "Acme")).execute();

        assertThat(r.status()).isEqualTo(201);
        List<RecordedRequest> sent = sim.requests();
        assertThat(sent).extracting(RecordedRequest::method).containsExactly("HEAD", "POST");
        assertThat(sent.get(0).path()).isEqualTo(sim.serviceRoot());
        assertThat(sent.get(0).header("X-CSRF-Token")).contains("Fetch");
        assertThat(sent.get(0).header("Authorization")).contains(BASIC);
        assertThat(sent.get(1).header("X-CSRF-Token")).contains(sim.csrfToken());
        assertThat(sent.get(1).header("Cookie")).hasValueSatisfying(c -> assertThat(c).contains(sim.sessionCookie()));
    }

    @Test
    void aRejectedCachedTokenIsRefetchedAndTheWriteRetriedOnceTransparently() {
        startV2();
        sim.creates("A_BusinessPartner", PARTNER);
        f.client().post(SERVICE + "/A_BusinessPartner").body(Map.of("Name", "Acme")).execute();
        sim.rotateCsrfToken(); // the session expired at SAP: the cached token is now refused

        IntegrationResponse r = f.client().post(SERVICE + "/A_BusinessPartner").body(Map.of("Name", "Beta"))
                .execute();

        assertThat(r.status()).isEqualTo(201);
        List<RecordedRequest> sent = sim.requests();
        assertThat(sent).extracting(RecordedRequest::method).containsExactly("POST", "HEAD", "POST");
        assertThat(sent.get(0).header("X-CSRF-Token")).contains("csrf-token-1");
        assertThat(sent.get(2).header("X-CSRF-Token")).contains("csrf-token-2");
        assertThat(f.clock().sleeps()).isEmpty();
    }

    @Test
    void aCsrfRefusalThatSurvivesTheRetryIsCsrfTokenInvalidNotAPermissionProblem() {
        startV2(); // no write route: every write is refused for its token

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().post(SERVICE + "/A_BusinessPartner").body(Map.of("Name", "Acme")).execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.CSRF_TOKEN_INVALID);
        assertThat(sim.requests()).extracting(RecordedRequest::method).containsExactly("HEAD", "POST", "HEAD", "POST");
    }

    @Test
    void aV2BusinessErrorIsAValidationErrorWithTheT100CodeAndMessageValue() {
        startV2();
        sim.createFailsV2("A_BusinessPartner", "BUPA/008", "Business partner category is not valid");

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().post(SERVICE + "/A_BusinessPartner").body(Map.of("Name", "Acme")).execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
        assertThat(e.envelope().providerCode()).isEqualTo("BUPA/008");
        assertThat(e.envelope().message()).isEqualTo("Business partner category is not valid");
    }

    @Test
    void aV2XmlErrorIsReadForItsCodeAndStatus() {
        startV2();
        sim.notFoundXml("A_BusinessPartner('9')", "/IWBEP/CM_MGW_RT/020", "Resource not found for segment");

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get(SERVICE + "/A_BusinessPartner('9')").execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND);
        assertThat(e.envelope().providerCode()).isEqualTo("/IWBEP/CM_MGW_RT/020");
    }

    @Test
    void aThrottledReadWaitsForRetryAfterOnTheFakeClock() {
        startV2();
        sim.throttledThen("A_BusinessPartner('1')", PARTNER);

        IntegrationResponse r = f.client().get(SERVICE + "/A_BusinessPartner('1')").execute();

        assertThat(r.bodyAsString()).isEqualTo(PARTNER);
        assertThat(f.clock().sleeps()).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void batchCarriesReadsAndChangeSetsAndReturnsOneOutcomePerOperation() {
        startV2();
        String b = "batch_resp";
        sim.batch(b, "--" + b + "\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + PARTNER + "\r\n"
                + "--" + b + "\r\nContent-Type: multipart/mixed; boundary=cs_1\r\n\r\n"
                + "--cs_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n\r\n{\"d\":{\"BusinessPartner\":\"2\"}}"
                + "\r\n--cs_1--\r\n"
                + "--" + b + "\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
                + "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\r\n{\"error\":{\"code\":"
                + "\"BUPA/008\",\"message\":{\"lang\":\"en\",\"value\":\"Category is not valid\"},\"innererror\":{"
                + "\"Error_Resolution\":{\"Batch_SAP_Note\":\"See SAP Note 1869434\"}}}}\r\n"
                + "--" + b + "--\r\n");

        List<BatchOutcome> outcomes = SapBatch.execute(f.client(), "sync-partners", SERVICE, List.of(
                BatchOperation.get("read1", "A_BusinessPartner('1')"),
                BatchOperation.post("create2", "A_BusinessPartner", "{\"BusinessPartnerCategory\":\"1\"}"),
                BatchOperation.post("create3", "A_BusinessPartner", "{\"BusinessPartnerCategory\":\"X\"}")), false);

        assertThat(outcomes).extracting(BatchOutcome::id).containsExactly("read1", "create2", "create3");
        assertThat(outcomes.get(0)).isInstanceOfSatisfying(BatchOutcome.Success.class,
                s -> assertThat(s.body()).isEqualTo(PARTNER));
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(BatchOutcome.Success.class,
                s -> assertThat(s.status()).isEqualTo(201));
        assertThat(outcomes.get(2)).isInstanceOfSatisfying(BatchOutcome.Failure.class, fail -> {
            assertThat(fail.envelope().category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
            assertThat(fail.envelope().providerCode()).isEqualTo("BUPA/008");
        });
        RecordedRequest batch = sim.requests("POST", ".*/\\$batch").get(0);
        assertThat(batch.header("X-CSRF-Token")).contains(sim.csrfToken());
        assertThat(batch.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct)
                .startsWith("multipart/mixed; boundary=batch_"));
        assertThat(batch.bodyAsString()).contains("GET A_BusinessPartner('1') HTTP/1.1",
                "POST A_BusinessPartner HTTP/1.1", "Content-Type: multipart/mixed; boundary=changeset_");
    }

    @Test
    void aFailedAtomicChangeSetFailsEveryWriteInIt() {
        startV2();
        String b = "batch_resp";
        sim.batch(b, "--" + b + "\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 400 Bad Request\r\n"
                + "Content-Type: application/json\r\n\r\n{\"error\":{\"code\":\"BUPA/008\",\"message\":{\"lang\":"
                + "\"en\",\"value\":\"Category is not valid\"}}}\r\n--" + b + "--\r\n");

        List<BatchOutcome> outcomes = SapBatch.execute(f.client(), "sync-partners", SERVICE, List.of(
                BatchOperation.post("a", "A_BusinessPartner", "{}"),
                BatchOperation.post("b", "A_BusinessPartner", "{}")), true);

        assertThat(outcomes).hasSize(2).allSatisfy(o -> assertThat(o).isInstanceOfSatisfying(
                BatchOutcome.Failure.class, fail -> assertThat(fail.envelope().providerCode()).isEqualTo("BUPA/008")));
    }

    @Test
    void anAccountPinnedToOdataV4UsesTheV4PathsAndHeaders() {
        String v4 = "api_business_partner/srvd_a2x/sap/businesspartner/0001";
        sim = SapSimulator.startV4(v4, BASIC);
        f = GatewayFixture.builder("sap", sim.baseUrl()).credential(USER).version("v4").build();
        sim.entity("A_BusinessPartner('1')", "{\"BusinessPartner\":\"1\"}");

        f.client().get(v4 + "/A_BusinessPartner('1')").execute();

        RecordedRequest sent = sim.requests().get(0);
        assertThat(sent.path()).isEqualTo("/sap/opu/odata4/sap/" + v4 + "/A_BusinessPartner('1')");
        assertThat(sent.header("OData-Version")).contains("4.0");
        assertThat(SapODataAdapter.serviceRoot(java.net.URI.create("https://h" + sent.path())).getPath())
                .isEqualTo("/sap/opu/odata4/sap/" + v4 + "/");
    }
}
