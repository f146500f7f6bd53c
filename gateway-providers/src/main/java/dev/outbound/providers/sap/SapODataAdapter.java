package dev.outbound.providers.sap;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.ApiVersion;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.gateway.UrlPaths;
import dev.outbound.gateway.spi.Exchange;
import dev.outbound.gateway.spi.LimitDeclaration;
import dev.outbound.gateway.spi.LimitDeclaration.Scope;
import dev.outbound.gateway.spi.OutboundRequest;
import dev.outbound.providers.RateLimitDefaults;
import dev.outbound.providers.internal.AdapterContext;
import dev.outbound.providers.internal.BaseAdapter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SAP S/4HANA OData services through SAP Gateway (PROVIDERS.md §3), V2 and V4. The account's base URL is its
 * S/4HANA host; the "version" is the OData protocol, {@code v2} (default, {@code /sap/opu/odata/sap/<SERVICE>/...})
 * or {@code v4} ({@code /sap/opu/odata4/sap/<binding>/srvd_a2x/sap/<service>/0001/...}), and callers write the
 * path from the service name on, e.g. {@code API_BUSINESS_PARTNER/A_BusinessPartner}. V4 requests carry
 * {@code OData-Version}/{@code OData-MaxVersion: 4.0}; both ask for JSON unless the caller set {@code Accept}.
 *
 * <p>CSRF: modifying requests (POST, PUT, PATCH, MERGE, DELETE, {@code $batch}) need an {@code X-CSRF-Token}
 * fetched with {@code X-CSRF-Token: Fetch} and validated against the session cookie. Inside one attempt, the
 * adapter sends the account's cached token and cookies; when none is cached it fetches one first ({@code HEAD} on
 * the service root, as the SAP Cloud SDK does); when the provider answers 403 with a CSRF refusal it fetches a new
 * token and retries once, transparently. The cache holds one token per account (bounded; the provider invalidates
 * tokens with their session, which the 403 path handles).
 *
 * <p>Auth (Basic, OAuth 2.0 client credentials or SAML bearer, X.509) and rate limits of S/4HANA Cloud are not
 * confirmed (gap in PROVIDERS.md); Basic and bearer credentials are applied as usual. Hosts: {@code *.s4hana.cloud.sap}
 * and {@code *.s4hana.ondemand.com} (UNVERIFIED suffixes); on-premise hosts are added through the factory.
 * Thread-safe.
 */
public final class SapODataAdapter extends BaseAdapter {
    private static final Logger log = LoggerFactory.getLogger(SapODataAdapter.class);
    public static final String ID = "sap";
    public static final String V2 = "v2";
    public static final String V4 = "v4";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final int MAX_SESSIONS = 10_000;
    private static final Pattern V2_ROOT = Pattern.compile("^(.*?/sap/opu/odata/sap/[^/]+/)");
    private static final Pattern V4_ROOT = Pattern.compile("^(.*?/sap/opu/odata4/(?:[^/]+/){6})");

    public static final List<ApiVersion> VERSIONS = List.of(
            ApiVersion.of(V2, null, null, "OData V2 protocol (SAP Gateway); services version in their own paths; "
                    + "no release or sunset dates documented"),
            ApiVersion.of(V4, null, null, "OData V4 protocol; no release or sunset dates documented"));

    /**
     * No limit is documented for S/4HANA Cloud in the material read: the placeholder is documentation only, never
     * applied. Configure each customer's limit on the rate limiter.
     */
    public static final RateLimitDefaults LIMITS = new RateLimitDefaults(ID, List.of(
            LimitDeclaration.rate("unconfirmed-default", 10, Duration.ofSeconds(1), Scope.ACCOUNT, false,
                    "S/4HANA Cloud rate limits are not documented in the material read; a cautious placeholder")
                    .documentedOnly()),
            "no generic OData rate limit confirmed; the SAP Cloud SDK retries 429 and 503");

    /** The token and session cookies of one account. */
    private record CsrfSession(String token, String cookies) {
    }

    private final ConcurrentMap<AccountKey, CsrfSession> sessions = new ConcurrentHashMap<>();

    private SapODataAdapter(Settings settings) {
        super(settings);
    }

    public static SapODataAdapter create(AdapterContext context) {
        return new SapODataAdapter(new Settings(ID)
                .hosts(context.hosts(List.of("*.s4hana.cloud.sap", "*.s4hana.ondemand.com")))
                .versions(V2, VERSIONS)
                .limits(LIMITS)
                .classifier(new SapClassifier(context.clock()))
                .policy(context.policy().orElse(ProviderPolicy.defaults()))
                .monitor(context.monitor()));
    }

    @Override
    public URI resolveUrl(AccountSettings account, String apiVersion, String encodedPath) {
        String version = apiVersion.toLowerCase(Locale.ROOT);
        if (!version.equals(V2) && !version.equals(V4)) {
            throw new IllegalArgumentException("sap API version must be v2 or v4 (the OData protocol), was "
                    + apiVersion);
        }
        return UrlPaths.join(baseUrl(account, null, "the S/4HANA host"),
                version.equals(V4) ? "sap/opu/odata4/sap" : "sap/opu/odata/sap", encodedPath);
    }

    @Override
    public OutboundRequest applyVersion(OutboundRequest request, String apiVersion) {
        OutboundRequest.Builder b = request.toBuilder();
        if (V4.equalsIgnoreCase(apiVersion)) {
            b.header("OData-Version", "4.0").header("OData-MaxVersion", "4.0");
        }
        if (request.header("Accept").isEmpty()) {
            b.header("Accept", "application/json");
        }
        return b.build();
    }

    @Override
    protected String versionOf(OutboundRequest request) {
        return request.url().map(u -> u.getRawPath().contains("/sap/opu/odata4/") ? V4 : V2).orElse("");
    }

    @Override
    protected IntegrationResponse send(Exchange exchange) {
        OutboundRequest request = exchange.request();
        if (!modifying(request.method())) {
            return exchange.send(request);
        }
        AccountKey account = exchange.account();
        CsrfSession session = sessions.get(account);
        if (session == null) {
            session = fetch(exchange, request).orElse(null);
        }
        IntegrationResponse response = exchange.send(withSession(request, session));
        if (!isCsrfFailure(response)) {
            return response;
        }
        sessions.remove(account);
        Optional<CsrfSession> fresh = fetch(exchange, request);
        if (fresh.isEmpty()) {
            return response;
        }
        log.debug("CSRF token of {} rejected; fetched a new one and retrying once", account);
        return exchange.send(withSession(request, fresh.get()));
    }

    private Optional<CsrfSession> fetch(Exchange exchange, OutboundRequest request) {
        URI root = serviceRoot(request.url().orElseThrow());
        OutboundRequest.Builder fetch = OutboundRequest.builder("HEAD", request.pathTemplate(),
                request.encodedPath()).url(root);
        request.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase(CSRF_HEADER)
                    && !name.equalsIgnoreCase("Cookie") && !values.isEmpty()) {
                fetch.header(name, values.get(0));
            }
        });
        IntegrationResponse answer = exchange.send(fetch.header(CSRF_HEADER, "Fetch").build());
        Optional<String> token = answer.header(CSRF_HEADER).filter(t -> !t.isBlank()
                && !t.equalsIgnoreCase("required") && !t.equalsIgnoreCase("fetch"));
        if (token.isEmpty()) {
            log.debug("CSRF token fetch for {} answered HTTP {} without a token", exchange.account(),
                    answer.status());
            return Optional.empty();
        }
        CsrfSession session = new CsrfSession(token.get(), cookies(answer));
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.clear(); // bounded: at worst accounts fetch a token again
        }
        sessions.put(exchange.account(), session);
        return Optional.of(session);
    }

    private static OutboundRequest withSession(OutboundRequest request, CsrfSession session) {
        if (session == null) {
            return request;
        }
        OutboundRequest.Builder b = request.toBuilder().header(CSRF_HEADER, session.token());
        if (!session.cookies().isEmpty()) {
            b.header("Cookie", session.cookies());
        }
        return b.build();
    }

    private static boolean isCsrfFailure(IntegrationResponse r) {
        if (r.status() != 403) {
            return false;
        }
        byte[] body = r.body();
        String head = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8);
        return SapClassifier.isCsrfFailure(r.status(), r.header(CSRF_HEADER).orElse(""), head);
    }

    /** {@code name=value} of every {@code Set-Cookie}, joined for a {@code Cookie} header. */
    private static String cookies(IntegrationResponse r) {
        List<String> pairs = new ArrayList<>();
        for (String setCookie : r.headers().getOrDefault("Set-Cookie", List.of())) {
            int semi = setCookie.indexOf(';');
            String pair = (semi < 0 ? setCookie : setCookie.substring(0, semi)).strip();
            if (pair.indexOf('=') > 0 && pair.chars().noneMatch(c -> c < 0x20)) {
                pairs.add(pair);
            }
        }
        return String.join("; ", pairs);
    }

    /** The OData service root of a request URL: where the CSRF token is fetched. */
    static URI serviceRoot(URI url) {
        String path = url.getRawPath() == null ? "/" : url.getRawPath();
        Matcher m = V2_ROOT.matcher(path);
        Matcher m4 = V4_ROOT.matcher(path);
        String root;
        if (m.find()) {
            root = m.group(1);
        } else if (m4.find()) {
            root = m4.group(1);
        } else {
            int slash = path.lastIndexOf('/');
            root = slash <= 0 ? "/" : path.substring(0, slash + 1);
        }
        return URI.create(url.getScheme() + "://" + url.getRawAuthority() + root);
    }

    private static boolean modifying(String method) {
        return switch (method) {
            case "POST", "PUT", "PATCH", "MERGE", "DELETE" -> true;
            default -> false;
        };
    }
}
