package dev.outbound.providers.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.Credential;
import dev.outbound.providers.GatewayFixture;
import dev.outbound.testkit.providers.StripeSimulator;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Stripe adapter through a real gateway over the Stripe simulator, on a fake clock. */
class StripeSimulatorTest {
    private static final String KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";
    private static final String CUSTOMER = "{\"id\":\"cus_1\",\"object\":\"customer\"}";
    private StripeSimulator sim;
    private GatewayFixture f;

    @AfterEach
    void stop() {
        f.close();
        sim.close();
    }

    private void start(String version) {
        sim = StripeSimulator.start(version, KEY);
        f = GatewayFixture.builder("stripe", sim.baseUrl()).credential(Credential.ApiKey.header("Authorization", KEY))
                .version(version).build();
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(strings = {StripeAdapter.DEFAULT_VERSION, "2026-07-29.dahlia"})
    void sendsTheSecretKeyAsBearerAndThePinnedVersionAsStripeVersion(String version) {
        start(version);
        sim.customer("cus_1", CUSTOMER);

        assertThat(f.client().get("v1/customers/{id}", "cus_1").execute().bodyAsString()).isEqualTo(CUSTOMER);
        assertThat(sim.requests().get(0).header("Stripe-Version")).contains(version);
        assertThat(sim.requests().get(0).header("Authorization")).contains("Bearer " + KEY);
    }

    @Test
    void aWrongKeyIsAnAuthFailure() {
        sim = StripeSimulator.start(StripeAdapter.DEFAULT_VERSION, KEY);
        f = GatewayFixture.builder("stripe", sim.baseUrl()).credential(Credential.ApiKey.header("Authorization",
                "sk_test_wrong")).build();

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("v1/customers/{id}", "cus_1").execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
        assertThat(e.envelope().message()).doesNotContain("sk_test_wrong");
    }

    @Test
    void aDeclinedCardIsAValidationErrorWithItsCode() {
        start(StripeAdapter.DEFAULT_VERSION);
        sim.cardDeclined("pi_1");

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().post("v1/payment_intents/{id}/confirm", "pi_1").body(Map.of()).execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
        assertThat(e.envelope().providerCode()).isEqualTo("card_declined");
        assertThat(e.envelope().httpStatus()).isEqualTo(402);
    }

    @Test
    void anIdempotencyKeyMakesAPostRetryableAndItsReuseIsAConflict() {
        start(StripeAdapter.DEFAULT_VERSION);
        sim.chargeOnce("order-42", "{\"id\":\"ch_1\"}");

        assertThat(f.client().post("v1/charges").idempotencyKey("order-42").body(Map.of("amount", 100)).execute()
                .status()).isEqualTo(200);
        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().post("v1/charges").idempotencyKey("order-42").body(Map.of("amount", 200)).execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT);
        assertThat(e.envelope().reason()).isEqualTo("idempotency_conflict");
        assertThat(sim.requests()).hasSize(2);
    }

    @Test
    void a429IsRetriedAndA400RateLimitIsRateLimitedToo() {
        start(StripeAdapter.DEFAULT_VERSION);
        sim.rateLimitedThen("/v1/customers/cus_1", CUSTOMER).rateLimitAs400("/v1/customers/cus_2");

        assertThat(f.client().get("v1/customers/{id}", "cus_1").execute().bodyAsString()).isEqualTo(CUSTOMER);
        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("v1/customers/{id}", "cus_2").execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
        assertThat(e.envelope().httpStatus()).isEqualTo(400);
        assertThat(sim.requests("GET", "/v1/customers/cus_2")).hasSize(3);
    }

    @Test
    void aSuccessStatusWithABodyThatIsNotJsonIsAMalformedResponse() {
        start(StripeAdapter.DEFAULT_VERSION);
        sim.okButNotJson("/v1/balance");

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("v1/balance").execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.SERVER_ERROR);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.MALFORMED_RESPONSE);
        assertThat(e.envelope().httpStatus()).isEqualTo(200);
    }

    @Test
    void aConflictThatStripeSaysToRetryIsRetriedAndSucceeds() {
        start(StripeAdapter.DEFAULT_VERSION);
        sim.lockedOnceThen("/v1/customers/cus_1", CUSTOMER);

        assertThat(f.client().get("v1/customers/{id}", "cus_1").execute().bodyAsString()).isEqualTo(CUSTOMER);
        assertThat(sim.requests("GET", "/v1/customers/cus_1")).hasSize(2);
    }

    @Test
    void aServerErrorThatStripeSaysNotToRetryIsSentOnce() {
        start(StripeAdapter.DEFAULT_VERSION);
        sim.failedDoNotRetryThen("/v1/customers/cus_2", CUSTOMER);

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("v1/customers/{id}", "cus_2").execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.SERVER_ERROR);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.SHOULD_NOT_RETRY);
        assertThat(sim.requests("GET", "/v1/customers/cus_2")).hasSize(1);
    }
}
