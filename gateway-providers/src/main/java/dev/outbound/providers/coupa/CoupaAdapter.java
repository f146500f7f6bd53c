package dev.outbound.providers.coupa;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coupa Core API (PROVIDERS.md §5). The account's base URL is its instance domain; paths are unversioned,
 * {@code /api/<resource>}, so callers write {@code suppliers/{id}}. Responses are asked for as JSON (Coupa answers
 * XML otherwise) unless the caller set {@code Accept}. Credentials are OAuth 2.0 / OIDC client-credentials tokens
 * (token endpoint {@code https://<instance>/oauth2/token}, scopes such as {@code core.accounting.read}) applied as
 * bearer; legacy API keys ({@code X-COUPA-API-KEY}) are still applied but logged, since Coupa stopped supporting
 * them in R35 (January 2023). Hosts: {@code *.coupahost.com} and {@code *.coupacloud.com} (UNVERIFIED suffixes).
 * Immutable and thread-safe.
 */
public final class CoupaAdapter extends BaseAdapter {
    private static final Logger log = LoggerFactory.getLogger(CoupaAdapter.class);
    public static final String ID = "coupa";

    public static final List<ApiVersion> VERSIONS = List.of();

    /**
     * Documented limits (https://compass.coupa.com/exception-handling-and-error-codes): 25 requests per second,
     * applied; the burst query limit of 20 calls has no stated window and concerns queries, so it is documented
     * only. An instance configured otherwise gets a per-customer limit.
     */
    public static final RateLimitDefaults LIMITS = new RateLimitDefaults(ID, List.of(
            LimitDeclaration.rate("requests", 25, Duration.ofSeconds(1), Scope.ACCOUNT, true,
                    "25 requests per second (Coupa exception-handling page)"),
            LimitDeclaration.rate("burst-queries", 20, Duration.ofSeconds(1), Scope.ACCOUNT, true,
                    "burst query limit of 20 calls; its window is not stated (one second assumed)").documentedOnly()),
            "the response on exceeding the limit is not documented (429 assumed)");

    private CoupaAdapter(Settings settings) {
        super(settings);
    }

    public static CoupaAdapter create(AdapterContext context) {
        return new CoupaAdapter(new Settings(ID)
                .hosts(context.hosts(List.of("*.coupahost.com", "*.coupacloud.com")))
                .versions("", VERSIONS)
                .limits(LIMITS)
                .classifier(new CoupaClassifier(context.clock()))
                .policy(context.policy().orElse(ProviderPolicy.defaults()))
                .monitor(context.monitor()));
    }

    @Override
    public URI resolveUrl(AccountSettings account, String apiVersion, String encodedPath) {
        return UrlPaths.join(baseUrl(account, null, "the Coupa instance URL"), "api", encodedPath);
    }

    @Override
    public OutboundRequest applyVersion(OutboundRequest request, String apiVersion) {
        return request.header("Accept").isPresent() ? request
                : request.toBuilder().header("Accept", "application/json").build();
    }

    @Override
    public OutboundRequest authenticate(OutboundRequest request, Credential credential) {
        if (credential instanceof Credential.ApiKey) {
            log.warn("Coupa API keys are unsupported since R35 (January 2023); move this account to OAuth 2.0");
        }
        return CredentialApplier.apply(request, credential);
    }
}
