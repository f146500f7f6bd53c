package dev.outbound.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.testkit.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CompatibilityMatrixTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2028-01-01T00:00:00Z"));
    private final BuiltInProviders builtIns = BuiltInProviders.builder().clock(clock).build();

    private CompatibilityMatrix matrix(Duration horizon) {
        return CompatibilityMatrix.builder().clock(clock).horizon(horizon).adapters(builtIns.adapters())
                .adapter(GenericRestAdapter.builder("billing").baseUrl("https://api.billing.example").build())
                .account("salesforce", "acme", AccountSettings.none().withApiVersion("v40.0"))
                .account("salesforce", "globex", AccountSettings.ofBaseUrl("https://globex.my.salesforce.com"))
                .account("hubspot", "initech", AccountSettings.none().withApiVersion("v9"))
                .build();
    }

    @Test
    void showsTheDefaultAndEachCustomerOverrideWithSunsetDaysLeftAndNextVersion() {
        CompatibilityMatrix m = matrix(Duration.ofDays(180));

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
        assertThat(m.entry("billing", "").orElseThrow().status()).isEqualTo(CompatibilityMatrix.Status.UNDECLARED);
        assertThat(m.entry("hubspot", "").orElseThrow().sunset()).contains(LocalDate.parse("2027-09-01"));
        assertThat(m.entry("hubspot", "").orElseThrow().status()).isEqualTo(CompatibilityMatrix.Status.PAST_SUNSET);
    }

    @Test
    void warnsOnlyWithinTheHorizonAndPublishesEventsAndGauges() {
        List<DeprecationEvent> heard = new ArrayList<>();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DeprecationMonitor monitor = new DeprecationMonitor(heard::add, meters, clock, Duration.ofDays(1));

        assertThat(matrix(Duration.ofDays(100)).warnings()).extracting(DeprecationEvent::customer)
                .doesNotContain("acme");
        matrix(Duration.ofDays(180)).publish(monitor, meters);

        assertThat(heard).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(DeprecationEvent.Kind.SUNSET_WITHIN_HORIZON);
            assertThat(e.customer()).isEqualTo("acme");
            assertThat(e.daysLeft()).isEqualTo(Optional.of(152L));
        });
        assertThat(meters.get(ProviderMetrics.VERSION_DAYS_LEFT).tag("provider", "salesforce").tag("customer", "acme")
                .gauge().value()).isEqualTo(152.0);
    }

    @Test
    void everyBuiltInDefaultVersionIsDeclared() {
        for (VersionedProviderAdapter a : builtIns.adapters()) {
            if (!a.defaultApiVersion().isEmpty()) {
                assertThat(a.version(a.defaultApiVersion())).as(a.providerId()).isPresent();
            }
        }
    }
}
