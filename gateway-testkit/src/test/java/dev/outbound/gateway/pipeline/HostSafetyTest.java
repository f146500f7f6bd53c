package dev.outbound.gateway.pipeline;

import static dev.outbound.testkit.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The host allowlist, redirects, and path variables that try to change the path. */
class HostSafetyTest {
    private SimulatedProvider sim;
    private SimulatedProvider elsewhere;
    private PipelineFixture f;

    @BeforeEach
    void start() {
        sim = SimulatedProvider.start();
        elsewhere = SimulatedProvider.start();
        f = new PipelineFixture(sim);
    }

    @AfterEach
    void stop() {
        f.close();
        sim.close();
        elsewhere.close();
    }

    @Test
    void anAccountBaseUrlOutsideTheAllowlistFailsBeforeAnythingIsSent() {
        elsewhere.on("GET", "/api/items").respond(json(200, "[]"));
        try (PipelineFixture g = new PipelineFixture(sim, ProviderPolicy.defaults(), IntegrationGateway.builder()
                .account("crm", "acme", AccountSettings.ofBaseUrl("http://localhost:" + elsewhere.port() + "/api")))) {
            IntegrationException e = catchThrowableOfType(IntegrationException.class,
                    () -> g.client().get("items").execute());

            assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
            assertThat(e.envelope().reason()).isEqualTo(Reasons.HOST_NOT_ALLOWED);
            assertThat(e.getMessage()).contains("host localhost is not on the allowlist of crm");
            assertThat(elsewhere.requests()).isEmpty();
            assertThat(sim.requests()).isEmpty();
        }
    }

    @Test
    void aRedirectToAHostOutsideTheAllowlistIsNotFollowed() {
        sim.on("GET", "/api/items").respond(Responses.redirect("http://localhost:" + elsewhere.port() + "/steal"));
        elsewhere.on("GET", "/steal").respond(json(200, "{}"));

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("items").execute());

        assertThat(e.envelope().reason()).isEqualTo(Reasons.HOST_NOT_ALLOWED);
        assertThat(e.envelope().httpStatus()).isEqualTo(302);
        assertThat(elsewhere.requests()).isEmpty();
        assertThat(sim.requestCount("GET", "/api/items")).isEqualTo(1);
    }

    @Test
    void aRedirectWithinTheAllowedHostIsFollowedWithItsCredential() {
        sim.on("GET", "/api/old").respond(Responses.redirect(301, "/api/new"));
        sim.on("GET", "/api/new").respond(json(200, "{\"moved\":true}"));

        assertThat(f.client().get("old").execute().bodyAsString()).contains("moved");
        assertThat(sim.requests("GET", "/api/new")).singleElement()
                .satisfies(r -> assertThat(r.header("Authorization")).contains("Bearer " + PipelineFixture.TOKEN));
    }

    @Test
    void aMultipleChoices300IsHandedToTheClassifierNotFollowedAsARedirect() {
        sim.on("GET", "/api/items/by-code/A1").respond(json(300, "[\"/api/items/1\",\"/api/items/2\"]")
                .withHeader("Location", "/api/items/1"));
        sim.on("GET", "/api/items/1").respond(json(200, "{\"id\":1}"));

        IntegrationResponse r = f.client().get("items/by-code/{code}", "A1").execute();

        assertThat(r.status()).as("the generic classifier reads a 3xx as success").isEqualTo(300);
        assertThat(r.bodyAsString()).contains("/api/items/2");
        assertThat(sim.requests("GET", "/api/items/1")).isEmpty();
    }

    @Test
    void pathVariablesAreEncodedAndCannotChangeThePath() {
        sim.onPathMatching("GET", "/api/items/.*").respond(json(200, "{}"));

        f.client().get("items/{id}", "a/b?c=d#e %\n").execute();

        assertThat(sim.requests()).singleElement()
                .satisfies(r -> assertThat(r.path()).isEqualTo("/api/items/a%2Fb%3Fc%3Dd%23e%20%25%0A"));
    }

    @Test
    void dotSegmentsInAVariableAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.client().get("items/{id}/details", ".."))
                .isInstanceOf(dev.outbound.errors.IntegrationException.class).hasMessageContaining("'..'");
        assertThat(sim.requests()).isEmpty();
    }

    @Test
    void aTenMebibyteErrorBodyIsCutAtTheCaptureLimit() {
        sim.on("GET", "/api/huge").respond(Responses.largeBody(10 * 1024 * 1024).withHeader("X-Ignored", "1"));
        sim.on("GET", "/api/huge-error").respond(Responses.body(500, "text/plain",
                new byte[10 * 1024 * 1024]));

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("huge-error").execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.SERVER_ERROR);
        assertThat(e.envelope().rawError().length()).isLessThanOrEqualTo(64 * 1024);
    }
}
