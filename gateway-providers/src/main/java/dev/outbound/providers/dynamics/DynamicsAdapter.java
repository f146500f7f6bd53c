package dev.outbound.providers.dynamics;

import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.ApiVersion;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.gateway.UrlPaths;
import dev.outbound.gateway.spi.LimitDeclaration;
import dev.outbound.gateway.spi.LimitDeclaration.Scope;
import dev.outbound.gateway.spi.OutboundRequest;
import dev.outbound.providers.RateLimitDefaults;
import dev.outbound.gateway.spi.LimitUsage;
import dev.outbound.providers.internal.AdapterContext;
import dev.outbound.providers.internal.BaseAdapter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /**
     * Documented service protection limits, per user over a 5-minute sliding window: 6,000 requests and 52
     * concurrent requests, both applied
     * (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/api-limits). The 1,200 s of combined
     * execution time cannot be counted before a call; its 429's Retry-After pauses the account instead.
     */
    public static final RateLimitDefaults LIMITS = new RateLimitDefaults(ID, List.of(
            LimitDeclaration.rate("requests", 6_000, Duration.ofMinutes(5), Scope.USER, true,
                    "6,000 requests per user per web server in a 5-minute sliding window"),
            LimitDeclaration.concurrency("concurrent-requests", 52, Scope.USER, true,
                    "52 (or more) concurrent requests per user; a breach errors immediately"),
            LimitDeclaration.rate("search", 1, Duration.ofSeconds(1), Scope.ENDPOINT, true,
                    "Dataverse search: 1 request/s per user")),
            "also 1,200 s combined execution time per 5 minutes; 429 with Retry-After, which grows if the client "
                    + "keeps calling; x-ms-ratelimit-* headers are for debugging only");

    /** Requests left in the user's 5-minute window, as the service protection headers report them. */
    public static final String BURST_REMAINING = "x-ms-ratelimit-burst-remaining-xrm-requests";

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

    /**
     * {@code x-ms-ratelimit-burst-remaining-xrm-requests} counts the declared 6,000-request window. The execution-time
     * header ({@code x-ms-ratelimit-time-remaining-xrm-requests}) counts milliseconds, not requests, so no bucket
     * can follow it; its exhaustion comes back as a 429 with Retry-After. Microsoft calls the headers a debugging
     * aid (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/api-limits), hence read only when
     * present and well-formed.
     */
    @Override
    public List<LimitUsage> rateLimitUsage(Map<String, List<String>> headers) {
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (h.getKey() != null && h.getKey().equalsIgnoreCase(BURST_REMAINING) && !h.getValue().isEmpty()
                    && h.getValue().get(0) != null && h.getValue().get(0).strip().matches("\\d{1,18}")) {
                return List.of(new LimitUsage("requests", LIMITS.limit("requests").orElseThrow().limit(),
                        Long.parseLong(h.getValue().get(0).strip()), Optional.of(Duration.ofMinutes(5))));
            }
        }
        return List.of();
    }
}
