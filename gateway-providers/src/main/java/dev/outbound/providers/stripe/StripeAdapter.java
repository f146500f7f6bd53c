package dev.outbound.providers.stripe;

import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.ApiVersion;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.gateway.UrlPaths;
import dev.outbound.gateway.spi.CredentialApplier;
import dev.outbound.gateway.spi.LimitDeclaration;
import dev.outbound.gateway.spi.LimitDeclaration.Scope;
import dev.outbound.gateway.spi.OutboundRequest;
import dev.outbound.providers.RateLimitDefaults;
import dev.outbound.providers.internal.AdapterContext;
import dev.outbound.providers.internal.BaseAdapter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Stripe API (PROVIDERS.md §8) at {@code https://api.stripe.com}. The version is the {@code Stripe-Version} header
 * (a date and release name, e.g. {@code 2025-04-30.basil}); callers write paths with their namespace,
 * {@code v1/customers/{id}} or {@code v2/billing/meter_events} (v1 and v2 are API families with different error
 * shapes, not versions). Secret or restricted keys ({@link Credential.ApiKey}) and Connect OAuth tokens are sent as
 * {@code Authorization: Bearer}; calls on behalf of a connected account add {@code Stripe-Account} with the call's
 * {@code header(..)} (the adapter SPI does not see account attributes when it adds headers). POSTs are retryable
 * with an {@code Idempotency-Key}. Immutable and thread-safe.
 */
public final class StripeAdapter extends BaseAdapter {
    public static final String ID = "stripe";
    public static final String DEFAULT_BASE_URL = "https://api.stripe.com";
    public static final String VERSION_HEADER = "Stripe-Version";
    public static final String DEFAULT_VERSION = "2025-04-30.basil";

    public static final List<ApiVersion> VERSIONS = List.of(
            ApiVersion.of("2025-04-30.basil", "2025-04-30", null, "release date from the version name; Stripe "
                    + "documents no sunset (the account default applies when the header is absent)"),
            ApiVersion.of("2026-07-29.dahlia", "2026-07-29", null, "pinned by stripe-node src/apiVersion.ts; "
                    + "release date from the version name; no sunset documented"));

    /**
     * Documented limits (https://docs.stripe.com/rate-limits): the per-account global rate of 100 requests/s in
     * live mode is applied; endpoint limits are documented only, since a per-account bucket would throttle every
     * call by them.
     */
    public static final RateLimitDefaults LIMITS = new RateLimitDefaults(ID, List.of(
            LimitDeclaration.rate("global-live", 100, Duration.ofSeconds(1), Scope.ACCOUNT, true,
                    "100 requests/s in live mode per Stripe account (25/s in sandboxes)"),
            LimitDeclaration.rate("endpoint-default", 25, Duration.ofSeconds(1), Scope.ENDPOINT, true,
                    "individual endpoints default to 25/s"),
            LimitDeclaration.rate("files", 20, Duration.ofSeconds(1), Scope.ENDPOINT, true,
                    "Files API 20 read + 20 write/s"),
            LimitDeclaration.rate("search", 20, Duration.ofSeconds(1), Scope.ENDPOINT, true, "Search 20 read/s"),
            LimitDeclaration.rate("meter-events", 1_000, Duration.ofSeconds(1), Scope.ENDPOINT, true,
                    "meter events 1,000/s, counted separately")),
            "429 on breach (or 400 with code rate_limit); no documented limit headers");

    private StripeAdapter(Settings settings) {
        super(settings);
    }

    public static StripeAdapter create(AdapterContext context) {
        return new StripeAdapter(new Settings(ID)
                .hosts(context.hosts(List.of("api.stripe.com", "files.stripe.com", "connect.stripe.com")))
                .versions(DEFAULT_VERSION, VERSIONS)
                .limits(LIMITS)
                .classifier(new StripeClassifier(context.clock()))
                .policy(context.policy().orElse(ProviderPolicy.defaults()))
                .monitor(context.monitor()));
    }

    @Override
    public URI resolveUrl(AccountSettings account, String apiVersion, String encodedPath) {
        return UrlPaths.join(baseUrl(account, URI.create(DEFAULT_BASE_URL), DEFAULT_BASE_URL), encodedPath);
    }

    @Override
    public OutboundRequest applyVersion(OutboundRequest request, String apiVersion) {
        return apiVersion.isEmpty() ? request : request.toBuilder().header(VERSION_HEADER, apiVersion).build();
    }

    @Override
    public OutboundRequest authenticate(OutboundRequest request, Credential credential) {
        if (credential instanceof Credential.ApiKey key) {
            return request.toBuilder().header("Authorization", "Bearer " + key.key()).build();
        }
        return CredentialApplier.apply(request, credential);
    }

    @Override
    public Optional<String> idempotencyKeyHeader() {
        return Optional.of("Idempotency-Key");
    }

    @Override
    protected String versionOf(OutboundRequest request) {
        return request.header(VERSION_HEADER).orElse("");
    }
}
