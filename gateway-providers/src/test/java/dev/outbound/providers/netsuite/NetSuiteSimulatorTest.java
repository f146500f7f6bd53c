package dev.outbound.providers.netsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.Credential;
import dev.outbound.providers.GatewayFixture;
import dev.outbound.testkit.providers.NetSuiteSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The NetSuite adapter through a real gateway over the NetSuite simulator, on a fake clock. */
class NetSuiteSimulatorTest {
    private static final Credential.NetSuiteTba TBA = new Credential.NetSuiteTba("1234567_SB1", "ck", "cs", "tid",
            "ts");
    private static final String CUSTOMER = "{\"id\":\"42\",\"companyName\":\"Acme\"}";
    private final List<String> signed = new CopyOnWriteArrayList<>();
    private NetSuiteSimulator sim;
    private GatewayFixture f;

    /** Stands in for the vault module's signer: the header's shape, not a real HMAC. */
    private final TbaSigner fakeSigner = (request, c) -> {
        signed.add(request.method() + " " + request.url().orElseThrow().getPath());
        return request.toBuilder().header("Authorization", "OAuth realm=\"" + c.realm() + "\", oauth_consumer_key=\""
                + c.consumerKey() + "\", oauth_token=\"" + c.tokenId() + "\", oauth_nonce=\"n" + signed.size()
                + "\", oauth_timestamp=\"1767225600\", oauth_signature_method=\"HMAC-SHA256\", oauth_version=\"1.0\", "
                + "oauth_signature=\"c2ln\"").build();
    };

    @AfterEach
    void stop() {
        f.close();
        sim.close();
    }

    private void start(TbaSigner signer) {
        sim = NetSuiteSimulator.start("1234567_SB1");
        f = GatewayFixture.builder("netsuite", sim.baseUrl()).credential(TBA).signer(signer).build();
    }

    @Test
    void readsARecordSignedWithTbaAtVersionV1() {
        start(fakeSigner);
        sim.record("customer", "42", CUSTOMER);

        assertThat(f.client().get("record/customer/{id}", "42").execute().bodyAsString()).isEqualTo(CUSTOMER);
        assertThat(signed).containsExactly("GET /services/rest/record/v1/customer/42");
    }

    @Test
    void aRejectedLoginIsAnAuthFailureWithNetSuitesCode() {
        start((request, c) -> request.toBuilder().header("Authorization", "OAuth broken").build());

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("record/customer/{id}", "42").execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
        assertThat(e.envelope().providerCode()).isEqualTo("INVALID_LOGIN");
        assertThat(e.envelope().reason()).isEqualTo("invalid_login");
    }

    @Test
    void invalidContentIsAValidationError() {
        start(fakeSigner);
        sim.createFailsInvalidContent("customer", "companyName");

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().post("record/customer").body(Map.of("companyName", 1)).execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
        assertThat(e.envelope().providerCode()).isEqualTo("INVALID_CONTENT");
    }

    @Test
    void theConcurrencyLimitOnARestletIsRateLimitedAndBackedOff() {
        start(fakeSigner);
        sim.restletOverConcurrencyThen("{\"ok\":true}");

        assertThat(f.client().get("restlet").query("script", 7).query("deploy", 1).execute().bodyAsString())
                .isEqualTo("{\"ok\":true}");
        assertThat(sim.requests()).hasSize(2);
        assertThat(f.clock().sleeps()).hasSize(1).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(
                Duration.ofMillis(200)));
    }

    @Test
    void aRestletErrorReportedWithHttp200IsStillAnError() {
        start(fakeSigner);
        sim.restletReportsErrorWith200("INVALID_FLD_VALUE", "Invalid value for field entity");

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().post("restlet").query("script", 7).query("deploy", 1).body(Map.of("a", 1)).execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.ERROR_IN_SUCCESS_BODY);
        assertThat(e.envelope().httpStatus()).isEqualTo(200);
        assertThat(e.envelope().providerCode()).isEqualTo("INVALID_FLD_VALUE");
    }
}
