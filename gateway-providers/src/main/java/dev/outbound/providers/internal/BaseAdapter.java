package dev.outbound.providers.internal;

import dev.outbound.errors.ProviderResponse;
import dev.outbound.errors.spi.ErrorClassifier;
import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.ApiVersion;
import dev.outbound.gateway.HostAllowlist;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.gateway.spi.Exchange;
import dev.outbound.gateway.spi.LimitDeclaration;
import dev.outbound.gateway.spi.LimitUsage;
import dev.outbound.gateway.spi.OutboundRequest;
import dev.outbound.providers.DeprecationMonitor;
import dev.outbound.providers.RateLimitDefaults;
import dev.outbound.providers.VersionedProviderAdapter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the built-in adapters share: identity, allowlist, default version and declared versions, limits, classifier,
 * policy, and an {@link #exchange} that watches every response for deprecation signs. Subclasses build URLs and
 * may add a handshake in {@link #send}. Immutable and thread-safe (subclass state must be too).
 */
public abstract class BaseAdapter implements VersionedProviderAdapter {
    private final String providerId;
    private final HostAllowlist allowedHosts;
    private final String defaultVersion;
    private final List<ApiVersion> versions;
    private final RateLimitDefaults limits;
    private final ErrorClassifier classifier;
    private final ProviderPolicy policy;
    private final DeprecationMonitor monitor;

    protected BaseAdapter(Settings s) {
        this.providerId = s.providerId;
        this.allowedHosts = HostAllowlist.of(s.hosts);
        this.defaultVersion = s.defaultVersion;
        this.versions = List.copyOf(s.versions);
        this.limits = Objects.requireNonNull(s.limits, "limits");
        this.classifier = Objects.requireNonNull(s.classifier, "classifier");
        this.policy = Objects.requireNonNull(s.policy, "policy");
        this.monitor = Objects.requireNonNull(s.monitor, "monitor");
        if (!defaultVersion.isEmpty() && versions.stream().noneMatch(v -> v.version().equals(defaultVersion))) {
            throw new IllegalStateException(providerId + ": default version " + defaultVersion
                    + " is not among the declared versions");
        }
    }

    /** Construction settings shared by the built-in adapters. Not thread-safe. */
    public static final class Settings {
        final String providerId;
        final List<String> hosts = new ArrayList<>();
        String defaultVersion = "";
        List<ApiVersion> versions = List.of();
        RateLimitDefaults limits;
        ErrorClassifier classifier;
        ProviderPolicy policy = ProviderPolicy.defaults();
        DeprecationMonitor monitor = DeprecationMonitor.disabled();

        public Settings(String providerId) {
            this.providerId = Objects.requireNonNull(providerId, "providerId");
        }

        public Settings hosts(List<String> patterns) {
            hosts.addAll(patterns);
            return this;
        }

        public Settings versions(String defaultVersion, List<ApiVersion> versions) {
            this.defaultVersion = Objects.requireNonNull(defaultVersion, "defaultVersion");
            this.versions = versions;
            return this;
        }

        public Settings limits(RateLimitDefaults limits) {
            this.limits = limits;
            return this;
        }

        public Settings classifier(ErrorClassifier classifier) {
            this.classifier = classifier;
            return this;
        }

        public Settings policy(ProviderPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Settings monitor(DeprecationMonitor monitor) {
            this.monitor = Objects.requireNonNull(monitor, "monitor");
            return this;
        }
    }

    @Override
    public final String providerId() {
        return providerId;
    }

    @Override
    public final HostAllowlist allowedHosts() {
        return allowedHosts;
    }

    @Override
    public final String defaultApiVersion() {
        return defaultVersion;
    }

    @Override
    public final List<ApiVersion> supportedVersions() {
        return versions;
    }

    @Override
    public final RateLimitDefaults rateLimitDefaults() {
        return limits;
    }

    @Override
    public final List<LimitDeclaration> documentedLimits() {
        return limits.limits();
    }

    /** The usage headers, each under the name of the declared limit it counts against; never throws. */
    @Override
    public final List<LimitUsage> usage(ProviderResponse response) {
        try {
            List<LimitUsage> out = new ArrayList<>(2);
            for (LimitUsage u : rateLimitUsage(response.headers())) {
                out.add(new LimitUsage(declaredLimitFor(u.limitName()), u.limit(), u.remaining(), u.window()));
            }
            return out;
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** The declared limit a usage header's limit counts against; by default the header's own name. */
    protected String declaredLimitFor(String headerLimitName) {
        return headerLimitName;
    }

    @Override
    public final ErrorClassifier classifier() {
        return classifier;
    }

    @Override
    public final ProviderPolicy policy() {
        return policy;
    }

    protected final DeprecationMonitor monitor() {
        return monitor;
    }

    @Override
    public final IntegrationResponse exchange(Exchange exchange) {
        IntegrationResponse response = send(exchange);
        String version = versionOf(exchange.request());
        monitor.observe(exchange.account(), version, response);
        if (isRetiredVersionAnswer(response)) {
            monitor.versionRetired(exchange.account(), version, "HTTP " + response.status()
                    + " for API version " + version);
        }
        return response;
    }

    /** Sends one attempt; subclasses add a handshake here. */
    protected IntegrationResponse send(Exchange exchange) {
        return exchange.send(exchange.request());
    }

    /** The API version a routed request uses, for deprecation events; empty when it cannot be told. */
    protected String versionOf(OutboundRequest request) {
        return "";
    }

    /** Whether the response is the provider's answer to a retired version. */
    protected boolean isRetiredVersionAnswer(IntegrationResponse response) {
        return false;
    }

    /** The account's base URL, else {@code fallback}; an error naming what to configure when neither exists. */
    protected final URI baseUrl(AccountSettings account, URI fallback, String what) {
        return account.baseUrl().or(() -> java.util.Optional.ofNullable(fallback)).orElseThrow(() ->
                new IllegalArgumentException(providerId + " accounts need a base URL (" + what + ") in their "
                        + "AccountSettings"));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + providerId + ", version=" + (defaultVersion.isEmpty() ? "none"
                : defaultVersion) + ", hosts=" + allowedHosts + "]";
    }
}
