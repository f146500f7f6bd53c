package dev.outbound.providers.dynamics;

import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.ApiVersion;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.gateway.UrlPaths;
import dev.outbound.gateway.spi.OutboundRequest;
import dev.outbound.providers.RateLimitDefaults;
import dev.outbound.providers.RateLimitDefaults.Limit;
import dev.outbound.providers.RateLimitDefaults.Scope;
import dev.outbound.providers.internal.AdapterContext;
import dev.outbound.providers.internal.BaseAdapter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Dynamics 365 / Dataverse Web API (PROVIDERS.md §7). The account's base URL is its environment,
 * {@code https://<env>.<region>.dynamics.com}, checked against {@code *.dynamics.com}; the version is a path
 * segment, {@code /api/data/v9.2/<resource>}, and every request carries {@code OData-MaxVersion: 4.0} and
 * {@code OData-Version: 4.0} (and asks for JSON). Credentials are Microsoft Entra ID OAuth 2.0 tokens (client
 * credentials with a secret or certificate; token endpoint
 * {@code https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token}, about an hour) applied as bearer.
 * Service-protection limits are per user over 5 minutes; 429 carries {@code Retry-After}. Immutable and
 * thread-safe.
 */
public final class DynamicsAdapter extends BaseAdapter {
    public static final String ID = "dynamics";
    public static final String DEFAULT_VERSION = "v9.2";
    private static final Pattern VERSION_IN_PATH = Pattern.compile("/api/data/(v\\d+\\.\\d+)/");

    public static final List<ApiVersion> VERSIONS = List.of(
            ApiVersion.of("v9.0", null, null, "\"code written for v9.0 will continue to work in future versions\"; "
                    + "no release or sunset dates documented"),
            ApiVersion.of("v9.1", null, null, "no release or sunset dates documented"),
            ApiVersion.of("v9.2", null, null, "current version; no release or sunset dates documented"));

    public static final RateLimitDefaults LIMITS = new RateLimitDefaults(ID, List.of(
            Limit.rate("requests", 6_000, Duration.ofMinutes(5), Scope.USER, true,
                    "6,000 requests per user per web server in a 5-minute sliding window"),
            Limit.concurrency("concurrent-requests", 52, Scope.USER, true,
                    "52 (or more) concurrent requests per user; a breach errors immediately"),
            Limit.rate("search", 1, Duration.ofSeconds(1), Scope.ENDPOINT, true, "Dataverse search: 1 request/s per user")),
            "also 1,200 s combined execution time per 5 minutes; 429 with Retry-After, which grows if the client "
                    + "keeps calling; x-ms-ratelimit-* headers are for debugging only");

    private DynamicsAdapter(Settings settings) {
        super(settings);
    }

    public static DynamicsAdapter create(AdapterContext context) {
        return new DynamicsAdapter(new Settings(ID)
                .hosts(context.hosts(List.of("*.dynamics.com")))
                .versions(DEFAULT_VERSION, VERSIONS)
                .limits(LIMITS)
                .classifier(new DynamicsClassifier(context.clock()))
                .policy(context.policy().orElse(ProviderPolicy.defaults()))
                .monitor(context.monitor()));
    }

    @Override
    public URI resolveUrl(AccountSettings account, String apiVersion, String encodedPath) {
        return UrlPaths.join(baseUrl(account, null, "the environment URL"), "api/data", apiVersion, encodedPath);
    }

    @Override
    public OutboundRequest applyVersion(OutboundRequest request, String apiVersion) {
        OutboundRequest.Builder b = request.toBuilder().header("OData-MaxVersion", "4.0")
                .header("OData-Version", "4.0");
        if (request.header("Accept").isEmpty()) {
            b.header("Accept", "application/json");
        }
        return b.build();
    }

    @Override
    protected String versionOf(OutboundRequest request) {
        return request.url().map(u -> {
            Matcher m = VERSION_IN_PATH.matcher(u.getRawPath() + "/");
            return m.find() ? m.group(1) : "";
        }).orElse("");
    }
}
