package dev.outbound.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.ApiVersion;
import dev.outbound.gateway.CompatibilityMatrix;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.testkit.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The gateway's compatibility matrix over the built-in adapters' declared versions, and its publication. */
class CompatibilityMatrixTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2028-01-01T00:00:00Z"));
    private final List<DeprecationEvent> heard = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BuiltInProviders builtIns = BuiltInProviders.builder().clock(clock).meterRegistry(meters)
            .deprecationListener(heard::add).build();

    private IntegrationGateway gateway(Duration horizon) {
        return IntegrationGateway.builder().clock(clock).sunsetHorizon(horizon).adapterFactory(builtIns)
                .provider(GenericRestAdapter.builder("billing").baseUrl("https://api.billing.example").build())
                .account("salesforce", "acme", AccountSettings.none().withApiVersion("v40.0"))
                .account("salesforce", "globex", AccountSettings.ofBaseUrl("https://globex.my.salesforce.com"))
                .account("hubspot", "initech", AccountSettings.none().withApiVersion("v9"))
                .credentialStore(new InMemoryCredentialStore(clock)).meterRegistry(meters).build();
    }

    @Test
    void showsTheDefaultAndEachCustomerOverrideWithSunsetDaysLeftAndNextVersion() {
        try (IntegrationGateway gateway = gateway(Duration.ofDays(180))) {
            CompatibilityMatrix m = gateway.compatibilityMatrix();

            CompatibilityMatrix.Entry acme = m.entry("salesforce", "acme").orElseThrow();
            assertThat(acme.version()).isEqualTo("v40.0");
            assertThat(acme.sunset()).contains(LocalDate.parse("2028-06-01"));
            assertThat(acme.daysLeft()).contains(152L);
            assertThat(acme.nextVersion()).contains("v58.0");
            assertThat(acme.status()).isEqualTo(CompatibilityMatrix.Status.SUNSET_WITHIN_HORIZON);
            assertThat(m.entry("salesforce", "").orElseThrow().version()).isEqualTo("v62.0");
            assertThat(m.entry("salesforce", "globex")).as("no version pinned: no row of its own").isEmpty();
            assertThat(m.entry("hubspot", "initech").orElseThrow().status())
                    .isEqualTo(CompatibilityMatrix.Status.UNKNOWN_VERSION);
            assertThat(m.entry("billing", "").orElseThrow().status())
                    .isEqualTo(CompatibilityMatrix.Status.UNDECLARED);
            assertThat(m.entry("hubspot", "").orElseThrow().sunset()).contains(LocalDate.parse("2027-09-01"));
            assertThat(m.entry("hubspot", "").orElseThrow().status())
                    .isEqualTo(CompatibilityMatrix.Status.PAST_SUNSET);
        }
    }

    @Test
    void listsEveryBuiltInProviderBeforeAnyCallIsMade() {
        try (IntegrationGateway gateway = gateway(Duration.ofDays(180))) {
            assertThat(gateway.compatibilityMatrix().entries()).filteredOn(e -> e.customer().isEmpty())
                    .extracting(CompatibilityMatrix.Entry::provider)
                    .containsAll(BuiltInProviders.IDS).contains("billing");
        }
    }

    @Test
    void warnsOnlyWithinTheHorizonAndPublishesEventsAndGauges() {
        try (IntegrationGateway narrow = gateway(Duration.ofDays(100));
             IntegrationGateway wide = gateway(Duration.ofDays(180))) {
            assertThat(narrow.compatibilityMatrix().warnings()).extracting(CompatibilityMatrix.Entry::customer)
                    .doesNotContain("acme");

            builtIns.deprecationMonitor().publish(wide.compatibilityMatrix());

            assertThat(heard).anySatisfy(e -> {
                assertThat(e.kind()).isEqualTo(DeprecationEvent.Kind.SUNSET_WITHIN_HORIZON);
                assertThat(e.customer()).isEqualTo("acme");
                assertThat(e.daysLeft()).isEqualTo(Optional.of(152L));
                assertThat(e.detail()).contains("next v58.0");
            });
            assertThat(heard).anySatisfy(e -> {
                assertThat(e.kind()).isEqualTo(DeprecationEvent.Kind.PAST_SUNSET);
                assertThat(e.provider()).isEqualTo("hubspot");
                assertThat(e.customer()).isEmpty();
            });
            assertThat(daysLeftGauge("salesforce", "acme")).isEqualTo(152.0);
        }
    }

    @Test
    void aLaterMatrixMovesTheDaysLeftGaugeOn() {
        try (IntegrationGateway gateway = gateway(Duration.ofDays(180))) {
            builtIns.deprecationMonitor().publish(gateway.compatibilityMatrix());
            clock.advance(Duration.ofDays(2));
            builtIns.deprecationMonitor().publish(gateway.compatibilityMatrix());

            assertThat(daysLeftGauge("salesforce", "acme")).isEqualTo(150.0);
        }
    }

    @Test
    void everyBuiltInDefaultVersionIsDeclared() {
        for (VersionedProviderAdapter a : builtIns.adapters()) {
            if (!a.defaultApiVersion().isEmpty()) {
                assertThat(a.supportedVersions()).as(a.providerId()).extracting(ApiVersion::version)
                        .contains(a.defaultApiVersion());
            }
        }
    }

    private double daysLeftGauge(String provider, String customer) {
        return meters.get(ProviderMetrics.VERSION_DAYS_LEFT).tag(ProviderMetrics.TAG_PROVIDER, provider)
                .tag(ProviderMetrics.TAG_CUSTOMER, customer).gauge().value();
    }
}
