package dev.outbound.providers;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.gateway.spi.ProviderAdapter;
import dev.outbound.gateway.spi.ProviderAdapterFactory;
import dev.outbound.providers.coupa.CoupaAdapter;
import dev.outbound.providers.dynamics.DynamicsAdapter;
import dev.outbound.providers.hubspot.HubSpotAdapter;
import dev.outbound.providers.internal.AdapterContext;
import dev.outbound.providers.netsuite.NetSuiteAdapter;
import dev.outbound.providers.netsuite.TbaSigner;
import dev.outbound.providers.salesforce.SalesforceAdapter;
import dev.outbound.providers.sap.SapODataAdapter;
import dev.outbound.providers.stripe.StripeAdapter;
import dev.outbound.providers.workday.WorkdayAdapter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The factory of the built-in adapters: {@code salesforce}, {@code hubspot}, {@code netsuite}, {@code sap},
 * {@code coupa}, {@code workday}, {@code dynamics}, {@code stripe}. Each adapter is built once, when the factory is
 * built, and handed out for its id; other ids are "not mine".
 *
 * <pre>{@code
 * IntegrationGateway gateway = IntegrationGateway.builder()
 *     .adapterFactory(BuiltInProviders.builder()
 *         .clock(clock).meterRegistry(meters).deprecationListener(alerts::versionGoingAway)
 *         .netSuiteSigner(new NetSuiteTbaSigner(clock)::sign)
 *         .allowHosts("sap", "erp.acme.example")       // an on-premise SAP Gateway
 *         .build())
 *     .credentialStore(store)
 *     .build();
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class BuiltInProviders implements ProviderAdapterFactory {
    /** The ids of the built-in providers. */
    public static final List<String> IDS = List.of(SalesforceAdapter.ID, HubSpotAdapter.ID, NetSuiteAdapter.ID,
            SapODataAdapter.ID, CoupaAdapter.ID, WorkdayAdapter.ID, DynamicsAdapter.ID, StripeAdapter.ID);

    private final Map<String, VersionedProviderAdapter> adapters;
    private final DeprecationMonitor monitor;

    private BuiltInProviders(Builder b) {
        this.monitor = new DeprecationMonitor(b.listener, b.meters, b.clock, b.repeatInterval);
        Map<String, VersionedProviderAdapter> m = new LinkedHashMap<>();
        for (String id : IDS) {
            AdapterContext context = new AdapterContext(b.clock, monitor, b.extraHosts.getOrDefault(id, List.of()),
                    Optional.ofNullable(b.policies.get(id)));
            m.put(id, switch (id) {
                case SalesforceAdapter.ID -> SalesforceAdapter.create(context);
                case HubSpotAdapter.ID -> HubSpotAdapter.create(context);
                case NetSuiteAdapter.ID -> NetSuiteAdapter.create(context, b.signer);
                case SapODataAdapter.ID -> SapODataAdapter.create(context);
                case CoupaAdapter.ID -> CoupaAdapter.create(context);
                case WorkdayAdapter.ID -> WorkdayAdapter.create(context);
                case DynamicsAdapter.ID -> DynamicsAdapter.create(context);
                case StripeAdapter.ID -> StripeAdapter.create(context);
                default -> throw new IllegalStateException("no built-in adapter for " + id);
            });
        }
        this.adapters = java.util.Collections.unmodifiableMap(m);
    }

    /** The built-in adapters with the system clock, no metrics, no listener and no TBA signer. */
    public static BuiltInProviders ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<ProviderAdapter> create(String providerId) {
        return Optional.ofNullable(adapters.get(providerId));
    }

    /** The built-in ids, {@link #IDS}: all of them appear in the gateway's compatibility matrix. */
    @Override
    public Collection<String> knownProviders() {
        return IDS;
    }

    /** The adapter of a built-in provider, with its versions and limits. */
    public Optional<VersionedProviderAdapter> adapter(String providerId) {
        return Optional.ofNullable(adapters.get(providerId));
    }

    /** Every built-in adapter, in {@link #IDS} order. */
    public List<VersionedProviderAdapter> adapters() {
        return List.copyOf(adapters.values());
    }

    /** The monitor the adapters report deprecation signs to; publish the gateway's compatibility matrix through it. */
    public DeprecationMonitor deprecationMonitor() {
        return monitor;
    }

    @Override
    public String describe() {
        return "built-in providers " + IDS;
    }

    @Override
    public String toString() {
        return "BuiltInProviders" + IDS;
    }

    /** Configures {@link BuiltInProviders}. Not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private MeterRegistry meters;
        private DeprecationListener listener = DeprecationListener.noop();
        private Duration repeatInterval = Duration.ofDays(1);
        private TbaSigner signer = TbaSigner.unavailable();
        private final Map<String, List<String>> extraHosts = new HashMap<>();
        private final Map<String, ProviderPolicy> policies = new HashMap<>();

        private Builder() {
        }

        /** The clock of envelopes and deprecation events: the gateway's clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where the deprecation counter goes: the gateway's registry. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meters = Objects.requireNonNull(registry, "meterRegistry");
            return this;
        }

        /** Told when a response shows that a version is going away. */
        public Builder deprecationListener(DeprecationListener listener) {
            this.listener = Objects.requireNonNull(listener, "deprecationListener");
            return this;
        }

        /** How often the same deprecation warning may reach the listener (default a day). */
        public Builder deprecationRepeatInterval(Duration interval) {
            Objects.requireNonNull(interval, "deprecationRepeatInterval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("deprecationRepeatInterval must not be negative, was " + interval);
            }
            this.repeatInterval = interval;
            return this;
        }

        /** Signs NetSuite TBA requests, e.g. {@code new NetSuiteTbaSigner(clock)::sign} from the vault module. */
        public Builder netSuiteSigner(TbaSigner signer) {
            this.signer = Objects.requireNonNull(signer, "netSuiteSigner");
            return this;
        }

        /** Adds host patterns to a provider's allowlist (an on-premise SAP Gateway, a Coupa custom domain). */
        public Builder allowHosts(String providerId, String... patterns) {
            requireBuiltIn(providerId);
            dev.outbound.gateway.HostAllowlist.of(patterns); // validates the patterns now, naming the bad one
            extraHosts.computeIfAbsent(providerId, k -> new ArrayList<>()).addAll(List.of(patterns));
            return this;
        }

        /** Replaces a provider's default policy. */
        public Builder policy(String providerId, ProviderPolicy policy) {
            requireBuiltIn(providerId);
            policies.put(providerId, Objects.requireNonNull(policy, "policy"));
            return this;
        }

        public BuiltInProviders build() {
            return new BuiltInProviders(this);
        }

        private static void requireBuiltIn(String providerId) {
            AccountKey.requireProviderId(providerId);
            if (!IDS.contains(providerId)) {
                throw new IllegalArgumentException("'" + providerId + "' is not a built-in provider; known: " + IDS);
            }
        }
    }
}
