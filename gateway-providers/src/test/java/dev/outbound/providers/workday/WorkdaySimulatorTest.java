package dev.outbound.providers.workday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.providers.GatewayFixture;
import dev.outbound.testkit.providers.WorkdaySimulator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Workday adapter (all UNVERIFIED shapes) through a real gateway over the Workday simulator. */
class WorkdaySimulatorTest {
    private static final byte[] ENVELOPE = "<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\">"
            .concat("<env:Body/></env:Envelope>").getBytes(StandardCharsets.UTF_8);
    private WorkdaySimulator sim;
    private GatewayFixture f;

    @AfterEach
    void stop() {
        f.close();
        sim.close();
    }

    private void start(String token, String version) {
        sim = WorkdaySimulator.start("acme_tenant", token);
        GatewayFixture.Builder b = GatewayFixture.builder("workday", sim.baseUrl()).attribute("tenant", "acme_tenant");
        if (version != null) {
            b.version(version);
        }
        f = b.build();
    }

    @Test
    void readsAWorkerOverRestWithTheTenantInThePath() {
        start("token-1", null);
        sim.worker("21001", "{\"id\":\"21001\"}");

        assertThat(f.client().get("workers/{id}", "21001").execute().bodyAsString()).isEqualTo("{\"id\":\"21001\"}");
        assertThat(sim.requests().get(0).path()).isEqualTo("/ccx/api/v1/acme_tenant/workers/21001");
    }

    @Test
    void aSoapValidationFaultWithHttp500IsAValidationErrorNotAServerError() {
        start("token-1", "v44.0");
        sim.soapValidationFault("Human_Resources", "v44.0", "Invalid ID value");

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().post("service/Human_Resources").body(ENVELOPE, "text/xml").retryNonIdempotent()
                        .execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
        assertThat(e.envelope().providerCode()).isEqualTo("Client.validationError");
        assertThat(sim.requests()).hasSize(1);
    }

    @Test
    void anAuthenticationFaultIsAnAuthFailure() {
        start("token-other", null);

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("workers/{id}", "21001").execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
    }

    @Test
    void aVersionTheTenantDoesNotServeIsVersionRetired() {
        start("token-1", "v30.0");
        sim.versionNotServed("Human_Resources", "v30.0");

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().post("service/Human_Resources").body(ENVELOPE, "text/xml").execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.VERSION_RETIRED);
    }
}
