package dev.outbound.providers.salesforce;

import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.ApiVersion;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.gateway.UrlPaths;
import dev.outbound.gateway.spi.LimitDeclaration;
import dev.outbound.gateway.spi.LimitDeclaration.Scope;
import dev.outbound.gateway.spi.OutboundRequest;
import dev.outbound.providers.RateLimitDefaults;
import dev.outbound.gateway.spi.LimitUsage;
import dev.outbound.providers.internal.AdapterContext;
import dev.outbound.providers.internal.BaseAdapter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Salesforce REST API (PROVIDERS.md §1). Each account's base URL is its instance URL
 * ({@code https://acme.my.salesforce.com}, from the OAuth token response), checked against {@code *.salesforce.com};
 * the version is a path segment, {@code /services/data/v62.0/...}. Credentials are OAuth 2.0 bearer tokens (web
 * server, JWT bearer or client credentials flows; refresh-token rotation is an org option), applied as
 * {@code Authorization: Bearer}. Callers write paths such as {@code sobjects/Account/{id}} or {@code query}.
 *
 * <p>Versions: Salesforce supports each version at least three years and gives a year's notice; 31.0–40.0 are
 * retired in Summer '28 and a retired version answers REST 410. The adapter reports 410 answers and
 * {@code Deprecation}/{@code Sunset} headers to the deprecation monitor. Limits: a rolling 24-hour org allocation
 * (403 {@code REQUEST_LIMIT_EXCEEDED}, no {@code Retry-After}) read from {@code Sforce-Limit-Info}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SalesforceAdapter extends BaseAdapter {
    public static final String ID = "salesforce";
    /** Token endpoint of production orgs ({@code test.salesforce.com} for sandboxes); UNVERIFIED in PROVIDERS.md. */
    public static final String TOKEN_ENDPOINT = "https://login.salesforce.com/services/oauth2/token";
    /** The version the adapter pins unless an account overrides it. */
    public static final String DEFAULT_VERSION = "v62.0";
    /** Written by {@link SalesforceComposite} into sub-request URLs and replaced with the pinned version here. */
    static final String VERSION_PLACEHOLDER = "/services/data/{version}/";

    private static final Pattern VERSION_IN_PATH = Pattern.compile("/services/data/(v\\d{1,3}\\.\\d)/");
    private static final String NOTE_RELEASE = "release date not in PROVIDERS.md (three releases a year); no sunset "
            + "announced: supported at least 3 years from release";

    /** Declared versions, oldest first. */
    public static final List<ApiVersion> VERSIONS = List.of(
            ApiVersion.of("v40.0", null, "2028-06-01", "31.0-40.0 deprecated from Summer '27 and retired in Summer "
                    + "'28 (Salesforce API EOL policy); the day is UNVERIFIED: the first of June is assumed"),
            ApiVersion.of("v58.0", null, null, "Summer '23; " + NOTE_RELEASE),
            ApiVersion.of("v59.0", null, null, "Winter '24; " + NOTE_RELEASE),
            ApiVersion.of("v60.0", null, null, "Spring '24; " + NOTE_RELEASE),
            ApiVersion.of("v61.0", null, null, "Summer '24; " + NOTE_RELEASE),
            ApiVersion.of("v62.0", null, null, "Winter '25; " + NOTE_RELEASE),
            ApiVersion.of("v63.0", null, null, "Spring '25; " + NOTE_RELEASE),
            ApiVersion.of("v64.0", null, null, "Summer '25; " + NOTE_RELEASE));

    /**
     * Documented limits. Applied by default: the org's API allocation over a rolling 24 hours, with the base of
     * 100,000 (https://help.salesforce.com/s/articleView?id=xcloud.setup_system_overview_api.htm); the edition's
     * real size comes back in {@code Sforce-Limit-Info} on every response and lowers the bucket. The long-running
     * concurrency cap counts only requests running 20 s or more, so it is documented only.
     */
    public static final RateLimitDefaults LIMITS = new RateLimitDefaults(ID, List.of(
            LimitDeclaration.rate("daily-allocation", 100_000, Duration.ofHours(24), Scope.ACCOUNT, false,
                    "base of 100,000 + per-licence additions per rolling 24 h, org-wide; formula from a third-party "
                            + "summary of the Salesforce limits cheat sheet (UNVERIFIED)"),
            LimitDeclaration.concurrency("long-running-requests", 25, Scope.ACCOUNT, true,
                    "requests running 20 s or more: 25 for production and sandboxes, 5 for Developer/Trial")
                    .documentedOnly()),
            "exceeding either answers 403 REQUEST_LIMIT_EXCEEDED without Retry-After; usage is in Sforce-Limit-Info");

    private SalesforceAdapter(Settings settings) {
        super(settings);
    }

    /** An adapter with the built-in defaults and the given context. */
    public static SalesforceAdapter create(AdapterContext context) {
        return new SalesforceAdapter(new Settings(ID)
                .hosts(context.hosts(List.of("*.salesforce.com")))
                .versions(DEFAULT_VERSION, VERSIONS)
                .limits(LIMITS)
                .classifier(new SalesforceClassifier(context.clock()))
                .policy(context.policy().orElse(dev.outbound.gateway.ProviderPolicy.defaults()))
                .monitor(context.monitor()));
    }

    @Override
    public URI resolveUrl(AccountSettings account, String apiVersion, String encodedPath) {
        return UrlPaths.join(baseUrl(account, null, "the org's instance URL"), "services/data", apiVersion,
                encodedPath);
    }

    /** Composite bodies carry sub-request URLs; their version placeholder becomes the pinned version. */
    @Override
    public OutboundRequest applyVersion(OutboundRequest request, String apiVersion) {
        if (request.pathTemplate().startsWith("composite") && request.body().length > 0) {
            String body = new String(request.body(), StandardCharsets.UTF_8);
            if (body.contains(VERSION_PLACEHOLDER)) {
                byte[] versioned = body.replace(VERSION_PLACEHOLDER, "/services/data/" + apiVersion + "/")
                        .getBytes(StandardCharsets.UTF_8);
                return request.toBuilder().body(versioned, request.contentType()).build();
            }
        }
        return request;
    }

    /** {@code api-usage} counts the org's rolling 24-hour allocation; the per-app and burst items keep their names. */
    @Override
    protected String declaredLimitFor(String headerLimitName) {
        return headerLimitName.equals("api-usage") ? "daily-allocation" : headerLimitName;
    }

    @Override
    public List<LimitUsage> rateLimitUsage(Map<String, List<String>> headers) {
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(SalesforceLimitInfo.HEADER))
                .flatMap(h -> h.getValue().stream()).flatMap(v -> SalesforceLimitInfo.parse(v).stream()).toList();
    }

    @Override
    protected String versionOf(OutboundRequest request) {
        return request.url().map(u -> {
            Matcher m = VERSION_IN_PATH.matcher(u.getRawPath() + "/");
            return m.find() ? m.group(1) : "";
        }).orElse("");
    }

    @Override
    protected boolean isRetiredVersionAnswer(IntegrationResponse response) {
        return response.status() == 410;
    }
}
