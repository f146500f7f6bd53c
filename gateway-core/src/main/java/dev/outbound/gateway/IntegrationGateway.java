package dev.outbound.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbound.gateway.credentials.AuthEventListener;
import dev.outbound.gateway.credentials.CredentialManager;
import dev.outbound.gateway.internal.CircuitBreakers;
import dev.outbound.gateway.internal.CredentialResolver;
import dev.outbound.gateway.internal.Pipeline;
import dev.outbound.gateway.spi.AccountDirectory;
import dev.outbound.gateway.spi.CallListener;
import dev.outbound.gateway.spi.CredentialStore;
import dev.outbound.errors.IntegrationException;
import dev.outbound.gateway.spi.ProviderAdapter;
import dev.outbound.gateway.spi.ProviderAdapterFactory;
import dev.outbound.gateway.spi.RateLimiter;
import dev.outbound.gateway.spi.RefreshLock;
import dev.outbound.gateway.spi.Sleeper;
import dev.outbound.gateway.spi.TokenRefresher;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * The entry point, built once per application: it owns the provider registry, the one shared HTTP client, the
 * clock, the meter registry and the per-account state (circuit breakers), and hands out {@link IntegrationClient}s.
 * Thread-safe. Close it on shutdown to release connections and the async executor.
 *
 * <pre>{@code
 * IntegrationGateway gateway = IntegrationGateway.builder()
 *     .provider(GenericRestAdapter.builder("crm").baseUrl("https://api.crm.example.com").build())
 *     .credentialStore(store)
 *     .build();
 * Account a = gateway.client("crm", "acme").get("accounts/{id}", id).operation("sync-accounts")
 *     .execute(Account.class);
 * }</pre>
 */
public final class IntegrationGateway implements AutoCloseable {
    private final AdapterRegistry adapters;
    private final Map<String, ProviderPolicy> policyOverrides;
    private final AccountDirectory accounts;
    private final Map<AccountKey, AccountSettings> listedAccounts;
    private final Duration sunsetHorizon;
    private final Clock clock;
    private final MeterRegistry meterRegistry;
    private final ObjectMapper objectMapper;
    private final OkHttpClient http;
    private final ExecutorService asyncExecutor;
    private final boolean ownsExecutor;
    private final CircuitBreakers breakers;
    private final Pipeline pipeline;
    private final CredentialManager credentialManager;

    private IntegrationGateway(Builder b) {
        this.adapters = new AdapterRegistry(b.adapters, b.factories, b.rateLimiter);
        this.policyOverrides = Map.copyOf(b.policies);
        Map<AccountKey, AccountSettings> accountMap = Map.copyOf(b.accounts);
        this.accounts = b.accountDirectory != null ? b.accountDirectory
                : key -> accountMap.getOrDefault(key, AccountSettings.none());
        this.listedAccounts = b.accountDirectory != null ? Map.of() : accountMap;
        this.sunsetHorizon = b.sunsetHorizon;
        this.clock = b.clock;
        this.meterRegistry = b.meterRegistry;
        this.objectMapper = b.objectMapper != null ? b.objectMapper : GatewayParts.defaultMapper();
        this.http = GatewayParts.httpClient(b.http, b.trustManager);
        this.ownsExecutor = b.asyncExecutor == null;
        this.asyncExecutor = ownsExecutor ? GatewayParts.defaultExecutor() : b.asyncExecutor;
        this.breakers = new CircuitBreakers(clock);
        GatewayParts.bindCircuitMetrics(breakers, meterRegistry);
        this.credentialManager = GatewayParts.credentialManager(b, clock, meterRegistry);
        CredentialResolver credentials = new CredentialResolver(credentialManager);
        this.pipeline = new Pipeline(clock, b.sleeper, meterRegistry, credentials, b.rateLimiter, breakers, http,
                b.http, b.callListeners);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A client for one customer's account at one provider. Cheap; clients may be created per call or kept.
     *
     * @throws IntegrationException ({@code validation_error}, reason {@code invalid_request}) for an invalid provider
     *     or customer id, or a provider no registered adapter or factory knows (the message lists what was tried):
     *     ids usually come from data, and a sync job records this failure like any other failed call
     */
    public IntegrationClient client(String provider, String customerId) {
        try {
            AccountKey account = AccountKey.of(provider, customerId);
            return new IntegrationClient(this, account, adapter(account.provider()));
        } catch (IllegalArgumentException e) {
            throw CallErrors.invalid(AccountKey.isValidProviderId(provider) ? provider : null,
                    null, null, clock, e.getMessage());
        }
    }

    /** The adapter of a provider. */
    public ProviderAdapter adapter(String provider) {
        return adapters.adapter(provider);
    }

    /**
     * The API versions in use, as of the gateway's clock: per provider its default version and per customer that pins
     * its own, each with its sunset date, days left and the next version. The providers are those registered, those
     * the factories list ({@link ProviderAdapterFactory#knownProviders()}) and those found through a factory so far;
     * the customers are the builder's {@link Builder#account} entries. Accounts served by an {@link AccountDirectory}
     * cannot be listed: pass them to {@link #compatibilityMatrix(Collection)}.
     */
    public CompatibilityMatrix compatibilityMatrix() {
        return compatibilityMatrix(List.of());
    }

    /**
     * The {@link #compatibilityMatrix()} with these accounts too, their settings read from the account directory.
     *
     * @throws IllegalArgumentException when an account's provider is one no adapter or factory knows
     */
    public CompatibilityMatrix compatibilityMatrix(Collection<AccountKey> moreAccounts) {
        Objects.requireNonNull(moreAccounts, "moreAccounts");
        Map<AccountKey, AccountSettings> settings = new LinkedHashMap<>(listedAccounts);
        moreAccounts.forEach(k -> settings.put(Objects.requireNonNull(k, "account"), accounts.settings(k)));
        Map<String, ProviderAdapter> byId = adapters.known();
        settings.keySet().forEach(k -> byId.computeIfAbsent(k.provider(), this::adapter));
        return CompatibilityMatrix.builder().clock(clock).horizon(sunsetHorizon).adapters(byId.values())
                .accounts(settings).build();
    }

    /** The policy in force for a provider: the builder's override, else the adapter's default. */
    public ProviderPolicy policy(String provider) {
        ProviderPolicy override = policyOverrides.get(provider);
        return override != null ? override : adapter(provider).policy();
    }

    /** The state of an account's circuit breaker. */
    public CircuitBreaker.State circuitState(String provider, String customerId) {
        AccountKey account = AccountKey.of(provider, customerId);
        return breakers.forAccount(account, policy(provider)).getState();
    }

    /**
     * The gateway's credential lifecycle: whether an account needs re-authorization, evicting an account after it was
     * re-authorized elsewhere, waiting for background refreshes.
     */
    public CredentialManager credentials() {
        return credentialManager;
    }

    public Clock clock() {
        return clock;
    }

    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    public ObjectMapper objectMapper() {
        return objectMapper;
    }

    Pipeline pipeline() {
        return pipeline;
    }

    AccountSettings accountSettings(AccountKey account) {
        return accounts.settings(account);
    }

    ExecutorService asyncExecutor() {
        return asyncExecutor;
    }

    @Override
    public void close() {
        if (ownsExecutor) {
            asyncExecutor.shutdown();
        }
        http.connectionPool().evictAll();
        credentialManager.close();
    }

    /** Builds an {@link IntegrationGateway}; {@link #build()} checks the settings together. Not thread-safe. */
    public static final class Builder {
        private final Map<String, ProviderAdapter> adapters = new LinkedHashMap<>();
        private final List<ProviderAdapterFactory> factories = new ArrayList<>();
        private final Map<String, ProviderPolicy> policies = new HashMap<>();
        private final Map<AccountKey, AccountSettings> accounts = new HashMap<>();
        private AccountDirectory accountDirectory;
        private Duration sunsetHorizon = CompatibilityMatrix.Builder.DEFAULT_HORIZON;
        CredentialStore credentialStore;
        TokenRefresher tokenRefresher = TokenRefresher.none();
        Duration refreshWindow;
        RefreshLock refreshLock;
        int rejectionLimit;
        AuthEventListener authEventListener = AuthEventListener.noop();
        private RateLimiter rateLimiter = RateLimiter.unlimited();
        private MeterRegistry meterRegistry;
        private Clock clock = Clock.systemUTC();
        Sleeper sleeper;
        private HttpSettings http = HttpSettings.defaults();
        private ObjectMapper objectMapper;
        private ExecutorService asyncExecutor;
        private X509TrustManager trustManager;
        private final List<CallListener> callListeners = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds a listener told of every call (start, then end or failed), e.g. a
         * {@code dev.outbound.gateway.health.HealthMonitor}; listeners are told in the order they were added.
         */
        public Builder callListener(CallListener listener) {
            callListeners.add(Objects.requireNonNull(listener, "callListener"));
            return this;
        }

        /** Registers an adapter; its provider id must be unique. */
        public Builder provider(ProviderAdapter adapter) {
            Objects.requireNonNull(adapter, "adapter");
            String id = AccountKey.requireProviderId(adapter.providerId());
            if (adapters.putIfAbsent(id, adapter) != null) {
                throw new IllegalArgumentException("provider '" + id + "' is registered twice");
            }
            return this;
        }

        /** Adds a factory consulted, in order, for providers not registered directly. */
        public Builder adapterFactory(ProviderAdapterFactory factory) {
            factories.add(Objects.requireNonNull(factory, "factory"));
            return this;
        }

        /** Overrides the adapter's policy for one provider. */
        public Builder policy(String provider, ProviderPolicy policy) {
            policies.put(AccountKey.requireProviderId(provider), Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /** Per-account settings (base URL, pinned version) for the built-in account directory. */
        public Builder account(String provider, String customerId, AccountSettings settings) {
            accounts.put(AccountKey.of(provider, customerId), Objects.requireNonNull(settings, "settings"));
            return this;
        }

        /** Looks account settings up elsewhere (a configuration store); replaces {@link #account} entries. */
        public Builder accountDirectory(AccountDirectory directory) {
            this.accountDirectory = Objects.requireNonNull(directory, "accountDirectory");
            return this;
        }

        /** How close to its sunset a version in use shows as a warning in the compatibility matrix; 180 days. */
        public Builder sunsetHorizon(Duration horizon) {
            Objects.requireNonNull(horizon, "sunsetHorizon");
            if (horizon.isNegative()) {
                throw new IllegalArgumentException("sunsetHorizon must not be negative, was " + horizon);
            }
            this.sunsetHorizon = horizon;
            return this;
        }

        public Builder credentialStore(CredentialStore store) {
            this.credentialStore = Objects.requireNonNull(store, "credentialStore");
            return this;
        }

        public Builder tokenRefresher(TokenRefresher refresher) {
            this.tokenRefresher = Objects.requireNonNull(refresher, "tokenRefresher");
            return this;
        }

        /** How long before expiry a token is refreshed proactively (with jitter); default 5 minutes. */
        public Builder refreshWindow(Duration window) {
            Objects.requireNonNull(window, "refreshWindow");
            if (window.isNegative()) {
                throw new IllegalArgumentException("refreshWindow must not be negative, was " + window);
            }
            this.refreshWindow = window;
            return this;
        }

        /** Keeps refreshes of one account exclusive across nodes; a per-account lock in this JVM when not set. */
        public Builder refreshLock(RefreshLock lock) {
            this.refreshLock = Objects.requireNonNull(lock, "refreshLock");
            return this;
        }

        /**
         * How many refresh-and-retry cycles in a row may end in another 401/403 before the account is marked as
         * needing re-authorization and its calls fail fast; default 3.
         */
        public Builder rejectionLimit(int cycles) {
            if (cycles < 1) {
                throw new IllegalArgumentException("rejectionLimit must be >= 1, was " + cycles);
            }
            this.rejectionLimit = cycles;
            return this;
        }

        /** Told of credential refreshes, rotations, revocations and store outages. */
        public Builder authEventListener(AuthEventListener listener) {
            this.authEventListener = Objects.requireNonNull(listener, "authEventListener");
            return this;
        }

        public Builder rateLimiter(RateLimiter limiter) {
            this.rateLimiter = Objects.requireNonNull(limiter, "rateLimiter");
            return this;
        }

        /** The application's meter registry; a {@link SimpleMeterRegistry} when not set. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
            return this;
        }

        /** The clock of deadlines, circuit breakers and envelopes. A clock that is also a {@link Sleeper} (the
         * testkit's fake clock) becomes the sleeper too unless one is set. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        public Builder http(HttpSettings settings) {
            this.http = Objects.requireNonNull(settings, "http");
            return this;
        }

        /**
         * Verifies providers' server certificates with {@code trustManager} (a customer's own system behind a private
         * CA) instead of the JDK's default trust store; also used by calls that present a client certificate.
         */
        public Builder trustManager(X509TrustManager trustManager) {
            this.trustManager = Objects.requireNonNull(trustManager, "trustManager");
            return this;
        }

        public Builder objectMapper(ObjectMapper mapper) {
            this.objectMapper = Objects.requireNonNull(mapper, "objectMapper");
            return this;
        }

        /** Runs {@code executeAsync} calls; the gateway's own daemon pool when not set (and then closed with it). */
        public Builder asyncExecutor(ExecutorService executor) {
            this.asyncExecutor = Objects.requireNonNull(executor, "asyncExecutor");
            return this;
        }

        /**
         * @throws IllegalStateException naming the setting that is missing or inconsistent
         */
        public IntegrationGateway build() {
            if (adapters.isEmpty() && factories.isEmpty()) {
                throw new IllegalStateException("no providers: register at least one with provider(adapter) or "
                        + "adapterFactory(factory)");
            }
            if (credentialStore == null) {
                throw new IllegalStateException("credentialStore is required (InMemoryCredentialStore for demos and "
                        + "tests, the Vault store in production)");
            }
            for (String p : policies.keySet()) {
                if (!adapters.containsKey(p) && factories.stream().noneMatch(f -> f.create(p).isPresent())) {
                    throw new IllegalStateException("policy(\"" + p + "\", ...) names a provider no adapter or "
                            + "factory knows; registered: " + adapters.keySet());
                }
            }
            for (AccountKey k : accounts.keySet()) {
                if (!adapters.containsKey(k.provider())
                        && factories.stream().noneMatch(f -> f.create(k.provider()).isPresent())) {
                    throw new IllegalStateException("account(\"" + k.provider() + "\", \"" + k.customerId()
                            + "\", ...) names a provider no adapter or factory knows; registered: " + adapters.keySet());
                }
            }
            if (meterRegistry == null) {
                meterRegistry = new SimpleMeterRegistry();
            }
            if (sleeper == null) {
                sleeper = clock instanceof Sleeper s ? s : Sleeper.system();
            }
            return new IntegrationGateway(this);
        }
    }
}
