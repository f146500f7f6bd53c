package dev.outbound.providers.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.providers.GatewayFixture;
import dev.outbound.gateway.spi.LimitUsage;
import dev.outbound.testkit.providers.HubSpotSimulator;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The HubSpot adapter through a real gateway over the HubSpot simulator, on a fake clock. */
class HubSpotSimulatorTest {
    private static final String CONTACT = "{\"id\":\"51\",\"properties\":{\"email\":\"a@acme.example\"}}";
    private HubSpotSimulator sim;
    private GatewayFixture f;

    @AfterEach
    void stop() {
        f.close();
        sim.close();
    }

    private void start(String version) {
        sim = HubSpotSimulator.start(version, "token-1");
        f = GatewayFixture.of("hubspot", sim.baseUrl(), version, null);
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(strings = {HubSpotAdapter.DEFAULT_VERSION, "2026-03"})
    void readsAContactAtThePinnedAndTheNextVersionAndItsLimitHeaders(String version) {
        start(version);
        sim.dailyRemaining(249_000).contact("51", CONTACT);

        IntegrationResponse r = f.client().get("crm/objects/contacts/{id}", "51").execute();

        assertThat(r.bodyAsString()).isEqualTo(CONTACT);
        assertThat(sim.requests().get(0).path()).isEqualTo(sim.contactsPath() + "/51");
        assertThat(f.adapter().rateLimitUsage(r.headers())).contains(
                new LimitUsage("daily", 250_000, 249_000, Optional.of(Duration.ofDays(1))),
                new LimitUsage("secondly", 19, 18, Optional.empty()));
    }

    @Test
    void anExpiredTokenIsRefreshedOnceAndTheCallRetried() {
        sim = HubSpotSimulator.start("v3", "token-2");
        sim.contact("51", CONTACT);
        f = GatewayFixture.of("hubspot", sim.baseUrl(), null,
                (account, current) -> Credential.OAuth2Token.bearer("token-2", null));

        assertThat(f.client().get("crm/objects/contacts/{id}", "51").execute().status()).isEqualTo(200);
        assertThat(sim.requests()).hasSize(2);
    }

    @Test
    void aRejectedTokenIsAnAuthFailureWithTheCategoryAsCode() {
        sim = HubSpotSimulator.start("v3", "token-other");
        f = GatewayFixture.of("hubspot", sim.baseUrl(), null, null);

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("crm/objects/contacts/{id}", "51").execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.TOKEN_EXPIRED);
        assertThat(e.envelope().providerCode()).isEqualTo("INVALID_AUTHENTICATION");
    }

    @Test
    void aValidationErrorIsNotRetried() {
        start("v3");
        sim.createFailsValidation();

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().post("crm/objects/contacts").body(Map.of("email", "x")).retryNonIdempotent()
                        .execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
        assertThat(e.envelope().message()).isEqualTo("Property values were not valid");
        assertThat(sim.requests()).hasSize(1);
    }

    @Test
    void theTenSecondlyLimitWaitsTenSecondsAsHubSpotsSdkDoes() {
        start("v3");
        sim.secondlyLimitThen("51", CONTACT);

        IntegrationResponse r = f.client().get("crm/objects/contacts/{id}", "51").execute();

        assertThat(r.bodyAsString()).isEqualTo(CONTACT);
        assertThat(f.clock().sleeps()).containsExactly(Duration.ofSeconds(10));
    }

    @Test
    void theDailyLimitIsQuotaExhaustedAndNotRetried() {
        start("v3");
        sim.contact("51", CONTACT).dailyLimitReached();

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("crm/objects/contacts/{id}", "51").execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.QUOTA_EXHAUSTED);
        assertThat(e.envelope().providerCode()).isEqualTo("DAILY");
        assertThat(sim.requests()).hasSize(1);
    }
}
