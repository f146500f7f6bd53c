package dev.outbound.gateway;

import dev.outbound.errors.GenericErrorClassifier;
import dev.outbound.errors.spi.ErrorClassifier;
import dev.outbound.gateway.spi.OutboundRequest;
import dev.outbound.gateway.spi.ProviderAdapter;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider adapter configured rather than written: base URL, allowed hosts, API version (in the path or in a
 * header) and policy. Lets a user call any REST API through the full pipeline without writing an adapter; errors
 * are read by the generic classifier unless another is given. Immutable and thread-safe.
 *
 * <pre>{@code
 * GenericRestAdapter.builder("billing")
 *     .baseUrl("https://api.billing.example.com")
 *     .apiVersion("v2", GenericRestAdapter.VersionPlacement.PATH)
 *     .build();
 * }</pre>
 */
public final class GenericRestAdapter implements ProviderAdapter {

    /** Where the API version goes. */
    public enum VersionPlacement {
        /** Not sent at all. */
        NONE,
        /** A path segment after the base URL: {@code https://host/base/v2/items}. */
        PATH,
        /** A request header whose name is given with {@link Builder#versionHeader(String)}. */
        HEADER
    }

    private final String providerId;
    private final URI baseUrl;
    private final HostAllowlist allowedHosts;
    private final String apiVersion;
    private final VersionPlacement versionPlacement;
    private final String versionHeader;
    private final ErrorClassifier classifier;
    private final ProviderPolicy policy;
    private final Optional<String> idempotencyKeyHeader;

    private GenericRestAdapter(Builder b) {
        this.providerId = b.providerId;
        this.baseUrl = b.baseUrl;
        this.allowedHosts = b.allowedHosts != null ? b.allowedHosts : HostAllowlist.of(b.baseUrl.getHost());
        this.apiVersion = b.apiVersion;
        this.versionPlacement = b.versionPlacement;
        this.versionHeader = b.versionHeader;
        this.classifier = b.classifier != null ? b.classifier : GenericErrorClassifier.create();
        this.policy = b.policy;
        this.idempotencyKeyHeader = Optional.ofNullable(b.idempotencyKeyHeader);
    }

    public static Builder builder(String providerId) {
        return new Builder(providerId);
    }

    @Override
    public String providerId() {
        return providerId;
    }

    @Override
    public HostAllowlist allowedHosts() {
        return allowedHosts;
    }

    @Override
    public String defaultApiVersion() {
        return apiVersion;
    }

    @Override
    public URI resolveUrl(AccountSettings account, String version, String encodedPath) {
        URI base = account.baseUrl().orElse(baseUrl);
        String prefix = versionPlacement == VersionPlacement.PATH && !version.isEmpty() ? version : "";
        return UrlPaths.join(base, prefix, encodedPath);
    }

    @Override
    public OutboundRequest applyVersion(OutboundRequest request, String version) {
        if (versionPlacement == VersionPlacement.HEADER && !version.isEmpty()) {
            return request.toBuilder().header(versionHeader, version).build();
        }
        return request;
    }

    @Override
    public ErrorClassifier classifier() {
        return classifier;
    }

    @Override
    public Optional<String> idempotencyKeyHeader() {
        return idempotencyKeyHeader;
    }

    @Override
    public ProviderPolicy policy() {
        return policy;
    }

    @Override
    public String toString() {
        return "GenericRestAdapter[" + providerId + " " + baseUrl.getScheme() + "://" + baseUrl.getHost()
                + ", version=" + (apiVersion.isEmpty() ? "none" : apiVersion + " in " + versionPlacement) + "]";
    }

    /** Builds a {@link GenericRestAdapter}. Not thread-safe. */
    public static final class Builder {
        private final String providerId;
        private URI baseUrl;
        private HostAllowlist allowedHosts;
        private String apiVersion = "";
        private VersionPlacement versionPlacement = VersionPlacement.NONE;
        private String versionHeader;
        private ErrorClassifier classifier;
        private ProviderPolicy policy = ProviderPolicy.defaults();
        private String idempotencyKeyHeader;

        private Builder(String providerId) {
            this.providerId = AccountKey.requireProviderId(providerId);
        }

        /** The default base URL; accounts may override it with {@link AccountSettings#baseUrl()}. */
        public Builder baseUrl(String url) {
            this.baseUrl = AccountSettings.ofBaseUrl(Objects.requireNonNull(url, "baseUrl")).baseUrl().orElseThrow();
            return this;
        }

        /** Allowed host patterns; defaults to the base URL's host alone. */
        public Builder allowedHosts(String... patterns) {
            this.allowedHosts = HostAllowlist.of(List.of(patterns));
            return this;
        }

        public Builder apiVersion(String version, VersionPlacement placement) {
            this.apiVersion = AccountSettings.none().withApiVersion(version).apiVersion().orElseThrow();
            this.versionPlacement = Objects.requireNonNull(placement, "placement");
            return this;
        }

        public Builder versionHeader(String headerName) {
            if (headerName == null || headerName.isBlank()) {
                throw new IllegalArgumentException("versionHeader must not be blank");
            }
            this.versionHeader = headerName;
            return this;
        }

        public Builder classifier(ErrorClassifier classifier) {
            this.classifier = Objects.requireNonNull(classifier, "classifier");
            return this;
        }

        public Builder policy(ProviderPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The header the API reads idempotency keys from, e.g. {@code Idempotency-Key}. */
        public Builder idempotencyKeyHeader(String headerName) {
            if (headerName == null || headerName.isBlank()) {
                throw new IllegalArgumentException("idempotencyKeyHeader must not be blank");
            }
            this.idempotencyKeyHeader = headerName;
            return this;
        }

        public GenericRestAdapter build() {
            if (baseUrl == null) {
                throw new IllegalStateException("provider '" + providerId + "': baseUrl is required");
            }
            if (versionPlacement == VersionPlacement.HEADER && versionHeader == null) {
                throw new IllegalStateException("provider '" + providerId
                        + "': apiVersion is placed in a header but versionHeader(name) was not set");
            }
            if (allowedHosts == null) {
                allowedHosts = HostAllowlist.of(baseUrl.getHost());
            }
            if (!allowedHosts.allows(baseUrl.getHost())) {
                throw new IllegalStateException("provider '" + providerId + "': baseUrl host " + baseUrl.getHost()
                        + " is not in its allowedHosts " + allowedHosts);
            }
            return new GenericRestAdapter(this);
        }
    }
}
