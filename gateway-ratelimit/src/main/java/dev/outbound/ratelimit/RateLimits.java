package dev.outbound.ratelimit;

import dev.outbound.gateway.AccountKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which limits apply to which account: per-provider defaults (usually from the adapter), per-customer overrides,
 * and app-level buckets that every customer of one registered app shares (e.g. a HubSpot private app). Accounts
 * of a provider with no declared limits get the {@link Builder#fallback fallback}, unlimited unless set.
 * Immutable and thread-safe; build with {@link #builder()}.
 */
public final class RateLimits {
    private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}");
    private static final RateLimits NONE = builder().build();

    private final Map<String, RateLimitSpec> providers;
    private final Map<AccountKey, RateLimitSpec> customers;
    private final Map<AppKey, RateLimitSpec> apps;
    private final Map<AccountKey, String> memberships;
    private final Map<String, String> providerApps;
    private final RateLimitSpec fallback;

    /**
     * The app-level bucket an account shares with the app's other customers.
     *
     * @param provider the provider id
     * @param appId the app's id, unique within the provider
     * @param spec the app bucket's limits
     */
    public record App(String provider, String appId, RateLimitSpec spec) {
        public App {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(appId, "appId");
            Objects.requireNonNull(spec, "spec");
        }
    }

    private record AppKey(String provider, String appId) {
    }

    private RateLimits(Builder b) {
        this.providers = Map.copyOf(b.providers);
        this.customers = Map.copyOf(b.customers);
        this.apps = Map.copyOf(b.apps);
        this.memberships = Map.copyOf(b.memberships);
        this.providerApps = Map.copyOf(b.providerApps);
        this.fallback = b.fallback;
    }

    /** No limits at all. */
    public static RateLimits none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The account's own limits: its override if it has one, else its provider's default, else the fallback. */
    public RateLimitSpec specFor(AccountKey account) {
        Objects.requireNonNull(account, "account");
        RateLimitSpec spec = customers.get(account);
        if (spec != null) {
            return spec;
        }
        return providers.getOrDefault(account.provider(), fallback);
    }

    /** The account's configured limits, its override else its provider's, without the fallback. */
    public Optional<RateLimitSpec> configuredSpecFor(AccountKey account) {
        Objects.requireNonNull(account, "account");
        RateLimitSpec spec = customers.get(account);
        return Optional.ofNullable(spec != null ? spec : providers.get(account.provider()));
    }

    /** The limits of accounts whose provider has none configured or declared. */
    public RateLimitSpec fallback() {
        return fallback;
    }

    /** The app bucket the account shares, if it belongs to an app: its own assignment, else its provider's app. */
    public Optional<App> appFor(AccountKey account) {
        Objects.requireNonNull(account, "account");
        String appId = memberships.get(account);
        if (appId == null) {
            appId = providerApps.get(account.provider());
        }
        if (appId == null) {
            return Optional.empty();
        }
        return Optional.of(new App(account.provider(), appId, apps.get(new AppKey(account.provider(), appId))));
    }

    /** Builds {@link RateLimits}. Each setter checks its arguments; {@link #build()} checks references. Not thread-safe. */
    public static final class Builder {
        private final Map<String, RateLimitSpec> providers = new HashMap<>();
        private final Map<AccountKey, RateLimitSpec> customers = new HashMap<>();
        private final Map<AppKey, RateLimitSpec> apps = new HashMap<>();
        private final Map<AccountKey, String> memberships = new HashMap<>();
        private final Map<String, String> providerApps = new HashMap<>();
        private RateLimitSpec fallback = RateLimitSpec.unlimited();

        private Builder() {
        }

        /** The default limits of every account of {@code provider}. */
        public Builder provider(String provider, RateLimitSpec spec) {
            providers.put(AccountKey.requireProviderId(provider), Objects.requireNonNull(spec, "spec"));
            return this;
        }

        /** Limits for one account, replacing its provider's default. */
        public Builder customer(AccountKey account, RateLimitSpec spec) {
            customers.put(Objects.requireNonNull(account, "account"), Objects.requireNonNull(spec, "spec"));
            return this;
        }

        /** Declares an app-level bucket of {@code provider}, shared by the customers assigned to it. */
        public Builder app(String provider, String appId, RateLimitSpec spec) {
            apps.put(new AppKey(AccountKey.requireProviderId(provider), requireAppId(appId)),
                    Objects.requireNonNull(spec, "spec"));
            return this;
        }

        /** Puts one account in an app declared with {@link #app}. */
        public Builder assignToApp(AccountKey account, String appId) {
            memberships.put(Objects.requireNonNull(account, "account"), requireAppId(appId));
            return this;
        }

        /** Puts every account of {@code provider} not assigned otherwise in the app {@code appId}. */
        public Builder providerApp(String provider, String appId) {
            providerApps.put(AccountKey.requireProviderId(provider), requireAppId(appId));
            return this;
        }

        /** The limits of accounts whose provider has none declared; unlimited by default. */
        public Builder fallback(RateLimitSpec spec) {
            this.fallback = Objects.requireNonNull(spec, "spec");
            return this;
        }

        /** @throws IllegalArgumentException if an assignment names an app that was not declared */
        public RateLimits build() {
            memberships.forEach((account, appId) -> requireDeclared(account.provider(), appId));
            providerApps.forEach(this::requireDeclared);
            return new RateLimits(this);
        }

        private void requireDeclared(String provider, String appId) {
            if (!apps.containsKey(new AppKey(provider, appId))) {
                throw new IllegalArgumentException("app '" + appId + "' of provider '" + provider
                        + "' is assigned but not declared with app(provider, appId, spec)");
            }
        }

        private static String requireAppId(String appId) {
            Objects.requireNonNull(appId, "appId");
            if (!APP_ID.matcher(appId).matches()) {
                throw new IllegalArgumentException("appId must be 1-128 letters, digits or . _ - @ +, starting with "
                        + "a letter or digit");
            }
            return appId;
        }
    }
}
