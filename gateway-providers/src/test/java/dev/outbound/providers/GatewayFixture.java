package dev.outbound.providers;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationClient;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.gateway.spi.TokenRefresher;
import dev.outbound.providers.netsuite.TbaSigner;
import dev.outbound.testkit.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real gateway with the built-in adapters in front of one provider simulator, on a fake clock: customer
 * "acme" of {@code provider} points at the simulator (127.0.0.1 added to the provider's allowlist).
 */
public final class GatewayFixture implements AutoCloseable {
    public static final String CUSTOMER = "acme";

    final FakeClock clock = new FakeClock();
    final InMemoryCredentialStore store = new InMemoryCredentialStore(clock);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<DeprecationEvent> deprecations = new CopyOnWriteArrayList<>();
    final BuiltInProviders providers;
    final IntegrationGateway gateway;
    final String provider;

    private GatewayFixture(Builder b) {
        this.provider = b.provider;
        store.put(AccountKey.of(b.provider, CUSTOMER), b.credential);
        this.providers = BuiltInProviders.builder().clock(clock).meterRegistry(meters)
                .deprecationListener(deprecations::add).allowHosts(b.provider, "127.0.0.1")
                .netSuiteSigner(b.signer)
                .policy(b.provider, ProviderPolicy.builder().backoff(Duration.ofMillis(200), Duration.ofSeconds(30))
                        .build())
                .build();
        this.gateway = IntegrationGateway.builder().adapterFactory(providers)
                .account(b.provider, CUSTOMER, b.settings)
                .credentialStore(store).tokenRefresher(b.refresher).meterRegistry(meters).clock(clock).build();
    }

    public static Builder builder(String provider, String baseUrl) {
        return new Builder(provider, baseUrl);
    }

    /** Customer acme, pointing at {@code baseUrl}, optionally pinned to {@code version}, with a refresher. */
    public static GatewayFixture of(String provider, String baseUrl, String version, TokenRefresher refresher) {
        Builder b = builder(provider, baseUrl);
        if (version != null) {
            b.version(version);
        }
        if (refresher != null) {
            b.refresher(refresher);
        }
        return b.build();
    }

    public IntegrationClient client() {
        return gateway.client(provider, CUSTOMER);
    }

    public FakeClock clock() {
        return clock;
    }

    public SimpleMeterRegistry meters() {
        return meters;
    }

    public List<DeprecationEvent> deprecations() {
        return deprecations;
    }

    public InMemoryCredentialStore store() {
        return store;
    }

    public IntegrationGateway gateway() {
        return gateway;
    }

    /** The built-in adapter of the fixture's provider. */
    public VersionedProviderAdapter adapter() {
        return providers.adapter(provider).orElseThrow();
    }

    @Override
    public void close() {
        gateway.close();
    }

    public static final class Builder {
        private final String provider;
        private AccountSettings settings;
        private Credential credential = Credential.OAuth2Token.bearer("token-1", null);
        private TokenRefresher refresher = TokenRefresher.none();
        private TbaSigner signer = TbaSigner.unavailable();

        private Builder(String provider, String baseUrl) {
            this.provider = provider;
            this.settings = AccountSettings.ofBaseUrl(baseUrl);
        }

        public Builder credential(Credential credential) {
            this.credential = credential;
            return this;
        }

        public Builder refresher(TokenRefresher refresher) {
            this.refresher = refresher;
            return this;
        }

        public Builder version(String version) {
            this.settings = settings.withApiVersion(version);
            return this;
        }

        public Builder attribute(String name, String value) {
            this.settings = settings.withAttribute(name, value);
            return this;
        }

        public Builder signer(TbaSigner signer) {
            this.signer = signer;
            return this;
        }

        public GatewayFixture build() {
            return new GatewayFixture(this);
        }
    }
}
