package dev.outbound.providers.hubspot;

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
import java.util.regex.Pattern;

/**
 * HubSpot CRM API (PROVIDERS.md §2) at {@code https://api.hubapi.com}. Credentials are OAuth 2.0 bearer tokens
 * (public apps; refresh by TTL — HubSpot says a 401 is not a reliable sign that a token expired) or a static
 * private-app token, both sent as {@code Authorization: Bearer}.
 *
 * <p>Versions are path segments in two schemes, and callers write the path without one, e.g.
 * {@code crm/objects/contacts}: legacy numeric versions go after the API's first segment
 * ({@code crm/v3/objects/contacts}); date-based versions (from March 30, 2026) after the API name, which is two
 * segments for {@code crm/...} ({@code crm/objects/2026-03/contacts}, the documented example) and one otherwise
 * (UNVERIFIED: only the CRM objects example is documented). Immutable and thread-safe.
 */
public final class HubSpotAdapter extends BaseAdapter {
    public static final String ID = "hubspot";
    public static final String DEFAULT_BASE_URL = "https://api.hubapi.com";
    /** OAuth token endpoint; UNVERIFIED (not in PROVIDERS.md). */
    public static final String TOKEN_ENDPOINT = "https://api.hubapi.com/oauth/v1/token";
    public static final String DEFAULT_VERSION = "v3";
    private static final Pattern DATE_VERSION = Pattern.compile("\\d{4}-\\d{2}");

    /** Declared versions, oldest first. */
    public static final List<ApiVersion> VERSIONS = List.of(
            ApiVersion.of("v3", null, "2027-09-01", "legacy numeric versions are unsupported from September 2027 "
                    + "(day not given: the first is assumed); release date not documented"),
            ApiVersion.of("v4", null, "2027-03-30", "v4 APIs must migrate before March 30, 2027; release date not "
                    + "documented"),
            ApiVersion.of("2026-03", "2026-03-30", "2027-09-30", "date-based versions from March 30, 2026, "
                    + "immutable, supported at least 18 months: the sunset is the earliest one allowed"),
            ApiVersion.of("2026-09", null, null, "next date-based version (each March and September); not yet "
                    + "released in the material read"));

    /**
     * Documented limits. Applied by default: the OAuth app's ten-secondly rolling limit, 100 per 10 s per app per
     * account, the lowest documented burst
     * (https://developers.hubspot.com/changelog/heads-up-new-and-improved-hubspot-api-limits), and the lowest
     * verified daily allocation, Professional's 650,000 resetting at midnight
     * (https://developers.hubspot.com/changelog/increasing-our-api-limits). Other tiers are documented only: a
     * customer on another tier gets a per-customer limit, and the usage headers lower the bucket anyway.
     */
    public static final RateLimitDefaults LIMITS = new RateLimitDefaults(ID, List.of(
            LimitDeclaration.rate("ten-secondly", 100, Duration.ofSeconds(10), Scope.APP_PER_ACCOUNT, true,
                    "OAuth apps: 100 requests / 10 s per app per account (TEN_SECONDLY_ROLLING)"),
            LimitDeclaration.quota("daily", 650_000, Duration.ofDays(1), Scope.ACCOUNT, true,
                    "Professional: 650,000 / day; resets at midnight account time"),
            LimitDeclaration.rate("private-app-ten-secondly", 190, Duration.ofSeconds(10), Scope.ACCOUNT, true,
                    "private apps, Professional and Enterprise: 190 / 10 s (250 with the API limit increase)")
                    .documentedOnly(),
            LimitDeclaration.quota("enterprise-daily", 1_000_000, Duration.ofDays(1), Scope.ACCOUNT, true,
                    "Enterprise 1,000,000 / day (+1,000,000 per API limit increase pack)").documentedOnly(),
            LimitDeclaration.rate("search", 4, Duration.ofSeconds(1), Scope.ENDPOINT, true,
                    "CRM search API: 4 requests / s"),
            LimitDeclaration.quota("free-starter-daily", 250_000, Duration.ofDays(1), Scope.ACCOUNT, false,
                    "Free/Starter 250,000 / day and 100 / 10 s: third-party catalogue only (UNVERIFIED)")
                    .documentedOnly()),
            "429 with policyName DAILY or TEN_SECONDLY_ROLLING; headers X-HubSpot-RateLimit-*");

    private HubSpotAdapter(Settings settings) {
        super(settings);
    }

    public static HubSpotAdapter create(AdapterContext context) {
        return new HubSpotAdapter(new Settings(ID)
                .hosts(context.hosts(List.of("api.hubapi.com")))
                .versions(DEFAULT_VERSION, VERSIONS)
                .limits(LIMITS)
                .classifier(new HubSpotClassifier(context.clock()))
                .policy(context.policy().orElse(ProviderPolicy.defaults()))
                .monitor(context.monitor()));
    }

    @Override
    public URI resolveUrl(AccountSettings account, String apiVersion, String encodedPath) {
        URI base = baseUrl(account, URI.create(DEFAULT_BASE_URL), "https://api.hubapi.com");
        return UrlPaths.join(base, withVersion(encodedPath, apiVersion));
    }

    /** {@code crm/objects/contacts} with the version where the scheme puts it. */
    static String withVersion(String path, String version) {
        if (version.isEmpty()) {
            return path;
        }
        String[] segments = path.split("/", -1);
        int after = DATE_VERSION.matcher(version).matches() && segments.length > 2 && segments[0].equals("crm")
                ? 2 : 1;
        if (segments.length <= after) {
            return path + "/" + version;
        }
        StringBuilder b = new StringBuilder(path.length() + version.length() + 1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                b.append('/');
            }
            if (i == after) {
                b.append(version).append('/');
            }
            b.append(segments[i]);
        }
        return b.toString();
    }

    /** The secondly and rolling headers count the ten-secondly limit (their window is not pinned down). */
    @Override
    protected String declaredLimitFor(String headerLimitName) {
        return headerLimitName.equals("daily") ? "daily" : "ten-secondly";
    }

    @Override
    public List<LimitUsage> rateLimitUsage(Map<String, List<String>> headers) {
        return HubSpotRateLimitHeaders.parse(headers);
    }

    @Override
    protected String versionOf(OutboundRequest request) {
        return request.url().map(u -> {
            for (String segment : u.getRawPath().split("/")) {
                if (segment.matches("v\\d{1,2}") || DATE_VERSION.matcher(segment).matches()) {
                    return segment;
                }
            }
            return "";
        }).orElse("");
    }
}
