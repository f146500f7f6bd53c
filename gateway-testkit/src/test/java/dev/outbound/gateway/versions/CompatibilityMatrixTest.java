package dev.outbound.gateway.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.outbound.errors.spi.ErrorClassifier;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.ApiVersion;
import dev.outbound.gateway.CompatibilityMatrix;
import dev.outbound.gateway.CompatibilityMatrix.Entry;
import dev.outbound.gateway.CompatibilityMatrix.Status;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.HostAllowlist;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.spi.ProviderAdapter;
import dev.outbound.gateway.spi.ProviderAdapterFactory;
import dev.outbound.testkit.FakeClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link IntegrationGateway#compatibilityMatrix()}: versions in use per provider and per customer, on a fake clock. */
class CompatibilityMatrixTest {
    private static final List<ApiVersion> ERP_VERSIONS = List.of(
            ApiVersion.of("v2", "2023-01-10", "2026-03-01", "test dates"),
            ApiVersion.of("v3", "2024-06-01", "2026-12-31", "test dates"),
            ApiVersion.of("v4", "2025-09-01", null, "no sunset announced"));

    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T10:00:00Z"));

    @Test
    void showsTheProviderDefaultAndACustomerOverrideWithDaysLeftByTheClock() {
        try (IntegrationGateway gateway = builder().provider(erp())
                .account("erp", "globex", AccountSettings.none().withApiVersion("v2"))
                .account("erp", "acme", AccountSettings.ofBaseUrl("https://acme.erp.example")).build()) {
            CompatibilityMatrix m = gateway.compatibilityMatrix();

            assertThat(m.entries()).extracting(Entry::provider, Entry::customer, Entry::version)
                    .containsExactly(tuple("erp", "", "v3"), tuple("erp", "globex", "v2"));
            Entry provider = m.entry("erp", "").orElseThrow();
            assertThat(provider.sunset()).contains(LocalDate.parse("2026-12-31"));
            assertThat(provider.daysLeft()).contains(364L);
            assertThat(provider.nextVersion()).contains("v4");
            assertThat(provider.status()).isEqualTo(Status.SUPPORTED);
            Entry globex = m.entry("erp", "globex").orElseThrow();
            assertThat(globex.sunset()).contains(LocalDate.parse("2026-03-01"));
            assertThat(globex.daysLeft()).contains(59L);
            assertThat(globex.nextVersion()).contains("v3");
            assertThat(globex.status()).isEqualTo(Status.SUNSET_WITHIN_HORIZON);
            assertThat(m.warnings()).containsExactly(globex);
            assertThat(m.asOf()).isEqualTo(clock.instant());

            clock.advance(Duration.ofDays(60));
            Entry later = gateway.compatibilityMatrix().entry("erp", "globex").orElseThrow();
            assertThat(later.daysLeft()).contains(-1L);
            assertThat(later.status()).isEqualTo(Status.PAST_SUNSET);
            assertThat(gateway.compatibilityMatrix().entry("erp", "").orElseThrow().daysLeft()).contains(304L);
        }
    }

    @Test
    void theSunsetHorizonDecidesWhatWarns() {
        try (IntegrationGateway gateway = builder().provider(erp()).sunsetHorizon(Duration.ofDays(30))
                .account("erp", "globex", AccountSettings.none().withApiVersion("v2")).build()) {
            assertThat(gateway.compatibilityMatrix().entry("erp", "globex").orElseThrow().status())
                    .isEqualTo(Status.SUPPORTED);
            assertThat(gateway.compatibilityMatrix().warnings()).isEmpty();
        }
    }

    @Test
    void anAdapterWithoutDeclaredVersionsOrWithAnUnknownPinIsShownAsSuch() {
        try (IntegrationGateway gateway = builder().provider(erp())
                .provider(GenericRestAdapter.builder("crm").baseUrl("https://api.crm.example").build())
                .account("erp", "initech", AccountSettings.none().withApiVersion("v9")).build()) {
            CompatibilityMatrix m = gateway.compatibilityMatrix();

            assertThat(m.entry("crm", "").orElseThrow().status()).isEqualTo(Status.UNDECLARED);
            Entry initech = m.entry("erp", "initech").orElseThrow();
            assertThat(initech.status()).isEqualTo(Status.UNKNOWN_VERSION);
            assertThat(initech.daysLeft()).isEmpty();
            assertThat(initech.note()).contains("v2", "v3", "v4");
        }
    }

    @Test
    void factoryProvidersAppearWhenTheFactoryListsThemOrOnceTheyAreFound() {
        ProviderAdapterFactory listing = new ProviderAdapterFactory() {
            @Override
            public Optional<ProviderAdapter> create(String providerId) {
                return providerId.equals("erp") ? Optional.of(erp()) : Optional.empty();
            }

            @Override
            public Collection<String> knownProviders() {
                return List.of("erp");
            }
        };
        ProviderAdapterFactory silent = id -> id.equals("crm")
                ? Optional.of(GenericRestAdapter.builder("crm").baseUrl("https://api.crm.example").build())
                : Optional.empty();
        try (IntegrationGateway gateway = builder().adapterFactory(listing).adapterFactory(silent).build()) {
            assertThat(gateway.compatibilityMatrix().entries()).extracting(Entry::provider).containsExactly("erp");

            gateway.client("crm", "acme");

            assertThat(gateway.compatibilityMatrix().entries()).extracting(Entry::provider)
                    .containsExactly("crm", "erp");
        }
    }

    @Test
    void accountsOfADirectoryAppearWhenPassedExplicitly() {
        AccountKey globex = AccountKey.of("erp", "globex");
        try (IntegrationGateway gateway = builder().provider(erp())
                .accountDirectory(key -> key.equals(globex) ? AccountSettings.none().withApiVersion("v2")
                        : AccountSettings.none()).build()) {
            assertThat(gateway.compatibilityMatrix().entry("erp", "globex")).isEmpty();

            CompatibilityMatrix m = gateway.compatibilityMatrix(List.of(globex, AccountKey.of("erp", "acme")));

            assertThat(m.entry("erp", "globex").orElseThrow().daysLeft()).contains(59L);
            assertThat(m.entry("erp", "acme")).as("no version pinned: no row of its own").isEmpty();
        }
    }

    private IntegrationGateway.Builder builder() {
        return IntegrationGateway.builder().clock(clock).credentialStore(new InMemoryCredentialStore(clock));
    }

    /** A custom adapter that declares its versions: a generic REST API with the version in the path. */
    private static ProviderAdapter erp() {
        GenericRestAdapter rest = GenericRestAdapter.builder("erp").baseUrl("https://api.erp.example")
                .apiVersion("v3", GenericRestAdapter.VersionPlacement.PATH).build();
        return new ProviderAdapter() {
            @Override
            public String providerId() {
                return rest.providerId();
            }

            @Override
            public HostAllowlist allowedHosts() {
                return rest.allowedHosts();
            }

            @Override
            public String defaultApiVersion() {
                return rest.defaultApiVersion();
            }

            @Override
            public List<ApiVersion> supportedVersions() {
                return ERP_VERSIONS;
            }

            @Override
            public URI resolveUrl(AccountSettings account, String apiVersion, String encodedPath) {
                return rest.resolveUrl(account, apiVersion, encodedPath);
            }

            @Override
            public ErrorClassifier classifier() {
                return rest.classifier();
            }
        };
    }
}
