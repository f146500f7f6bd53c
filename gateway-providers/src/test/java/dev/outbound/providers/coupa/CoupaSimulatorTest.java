package dev.outbound.providers.coupa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.providers.GatewayFixture;
import dev.outbound.testkit.providers.CoupaSimulator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Coupa adapter through a real gateway over the Coupa simulator, on a fake clock. */
class CoupaSimulatorTest {
    private static final String SUPPLIER = "{\"id\":7,\"name\":\"Acme\"}";
    private CoupaSimulator sim;
    private GatewayFixture f;

    @AfterEach
    void stop() {
        f.close();
        sim.close();
    }

    private void start(String token) {
        sim = CoupaSimulator.start(token);
        f = GatewayFixture.of("coupa", sim.baseUrl(), null, null);
    }

    @Test
    void readsASupplierAsJsonUnderApiWithABearerToken() {
        start("token-1");
        sim.supplier("7", SUPPLIER).noSuppliers();

        assertThat(f.client().get("suppliers/{id}", 7).execute().bodyAsString()).isEqualTo(SUPPLIER);
        assertThat(f.client().get("suppliers").execute().bodyAsString()).isEqualTo("[ ]");
        assertThat(sim.requests().get(0).path()).isEqualTo("/api/suppliers/7");
    }

    @Test
    void theXmlNoResults404IsNotFoundWithItsMessage() {
        start("token-1");
        sim.noSuppliers();

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("suppliers").header("Accept", "application/xml").execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND);
        assertThat(e.envelope().message()).isEqualTo("No results match your search criteria.");
    }

    @Test
    void aJsonValidationErrorNamesTheResourceAndItsMessage() {
        start("token-1");
        sim.updateFails("7", "Supplier status must be one of active, inactive, onboarding.");

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().put("suppliers/{id}", 7).body(Map.of("status", "x")).execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
        assertThat(e.envelope().providerCode()).isEqualTo("supplier");
        assertThat(e.envelope().message()).isEqualTo("Supplier status must be one of active, inactive, onboarding.");
    }

    @Test
    void aRejectedTokenIsAnAuthFailureAndThrottlingIsRetried() {
        start("token-other");

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("suppliers/{id}", 7).execute());
        assertThat(e.category()).isEqualTo(ErrorCategory.AUTH_FAILURE);

        f.close();
        sim.close();
        start("token-1");
        sim.throttledThen("/api/suppliers/7", SUPPLIER);
        assertThat(f.client().get("suppliers/{id}", 7).execute().bodyAsString()).isEqualTo(SUPPLIER);
        assertThat(f.clock().sleeps()).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void anEndpointThatStartsRefusingAfterWorkingIsPermissionDeniedAfterOneCredentialRefresh() {
        start("token-1");
        sim.supplierThenScopeLost("7", SUPPLIER);
        assertThat(f.client().get("suppliers/{id}", 7).execute().bodyAsString()).isEqualTo(SUPPLIER);

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("suppliers/{id}", 7).execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.PERMISSION_DENIED);
        assertThat(e.envelope().httpStatus()).isEqualTo(403);
        assertThat(sim.requests("GET", "/api/suppliers/7")).as("one retry after the refresh, then given up")
                .hasSize(3);
    }
}
