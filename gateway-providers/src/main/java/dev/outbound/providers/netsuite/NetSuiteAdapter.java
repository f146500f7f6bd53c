package dev.outbound.providers.netsuite;

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
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Oracle NetSuite REST web services and RESTlets (PROVIDERS.md §4). The account's base URL is its REST domain,
 * {@code https://<account>.suitetalk.api.netsuite.com}, or is derived from the account attribute
 * {@value #ACCOUNT_ID} ({@code 1234567_SB1} becomes host {@code 1234567-sb1...}; that mapping is NetSuite practice,
 * UNVERIFIED in PROVIDERS.md). Callers write {@code record/customer/{id}} or {@code query/suiteql}; the version goes
 * after the first segment ({@code services/rest/record/v1/customer/42}). Paths starting with {@code restlet} go to
 * {@code app/site/hosting/restlet.nl} on the RESTlet domain, unversioned.
 *
 * <p>Credentials: token-based authentication ({@link Credential.NetSuiteTba}) is signed by the configured
 * {@link TbaSigner}; OAuth 2.0 bearer tokens (REST and RESTlets only; token endpoint
 * {@code https://<account>.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token}, tokens valid one hour)
 * are applied as usual. Limits are concurrency governance per account, shared by SOAP, REST and RESTlets.
 * Immutable and thread-safe.
 */
public final class NetSuiteAdapter extends BaseAdapter {
    public static final String ID = "netsuite";
    /** Account attribute holding the NetSuite account id, e.g. {@code 1234567_SB1}. */
    public static final String ACCOUNT_ID = "accountId";
    /** Account attribute: SuiteCloud Plus licences, each adding 10 concurrent requests. */
    public static final String SUITECLOUD_PLUS_LICENSES = "suiteCloudPlusLicenses";
    public static final String DEFAULT_VERSION = "v1";
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9_]{1,40}");

    public static final List<ApiVersion> VERSIONS = List.of(
            ApiVersion.of("v1", null, null, "REST record and query APIs are v1; no release or sunset date documented "
                    + "(SOAP versions follow releases, e.g. 2017_1, and are not served by this adapter)"));

    /**
     * Documented limits: concurrency governance per account, shared by SOAP, REST and RESTlets, 5 for the smallest
     * tier plus 10 per SuiteCloud Plus licence
     * (https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_1525253248.html). Applied as 5; an
     * account with licences gets {@link #concurrencyFor} as a per-customer limit.
     */
    public static final RateLimitDefaults LIMITS = new RateLimitDefaults(ID, List.of(
            LimitDeclaration.concurrency("account-concurrency", 5, Scope.ACCOUNT, true,
                    "concurrency by service tier + 10 per SuiteCloud Plus licence; developer accounts 5 (the "
                            + "conservative default); e.g. shared tier + one SC+ = 15")),
            "violations: RESTlet 400 SSS_REQUEST_LIMIT_EXCEEDED, SOAP WS_CONCUR_SESSION_DISALLWD / WS_REQUEST_BLOCKED;"
                    + " the REST web services response is not confirmed (third parties say 429). Requests over 15 "
                    + "minutes time out.");

    private final TbaSigner signer;

    private NetSuiteAdapter(Settings settings, TbaSigner signer) {
        super(settings);
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    public static NetSuiteAdapter create(AdapterContext context, TbaSigner signer) {
        return new NetSuiteAdapter(new Settings(ID)
                .hosts(context.hosts(List.of("*.suitetalk.api.netsuite.com", "*.restlets.api.netsuite.com")))
                .versions(DEFAULT_VERSION, VERSIONS)
                .limits(LIMITS)
                .classifier(new NetSuiteClassifier(context.clock()))
                .policy(context.policy().orElse(ProviderPolicy.defaults()))
                .monitor(context.monitor()), signer);
    }

    /** The account's concurrency limit: 5 plus 10 per SuiteCloud Plus licence named in its attributes. */
    public static int concurrencyLimit(AccountSettings account) {
        String licences = account.attributes().getOrDefault(SUITECLOUD_PLUS_LICENSES, "0").strip();
        int n = licences.matches("\\d{1,3}") ? Integer.parseInt(licences) : 0;
        return 5 + 10 * n;
    }

    @Override
    public URI resolveUrl(AccountSettings account, String apiVersion, String encodedPath) {
        boolean restlet = encodedPath.equals("restlet") || encodedPath.startsWith("restlet/");
        URI base = account.baseUrl().orElseGet(() -> derivedBase(account, restlet));
        if (restlet) {
            return UrlPaths.join(base, "app/site/hosting/restlet.nl");
        }
        int slash = encodedPath.indexOf('/');
        String path = slash < 0 ? encodedPath + "/" + apiVersion
                : encodedPath.substring(0, slash) + "/" + apiVersion + encodedPath.substring(slash);
        return UrlPaths.join(base, "services/rest", apiVersion.isEmpty() ? encodedPath : path);
    }

    private static URI derivedBase(AccountSettings account, boolean restlet) {
        String id = account.attributes().get(ACCOUNT_ID);
        if (id == null || !ACCOUNT.matcher(id).matches()) {
            throw new IllegalArgumentException("netsuite accounts need a base URL or the attribute '" + ACCOUNT_ID
                    + "' (letters, digits and _)");
        }
        String host = id.toLowerCase(Locale.ROOT).replace('_', '-');
        return URI.create("https://" + host + (restlet ? ".restlets.api.netsuite.com" : ".suitetalk.api.netsuite.com"));
    }

    @Override
    public OutboundRequest authenticate(OutboundRequest request, Credential credential) {
        if (credential instanceof Credential.NetSuiteTba tba) {
            return signer.sign(request, tba);
        }
        return CredentialApplier.apply(request, credential);
    }

    @Override
    protected String versionOf(OutboundRequest request) {
        return request.url().map(u -> u.getRawPath().contains("/v1/") ? "v1" : "").orElse("");
    }

    /** The concurrency governance as a limit with the account's licences counted. */
    public static LimitDeclaration concurrencyFor(AccountSettings account) {
        return LimitDeclaration.concurrency("account-concurrency", concurrencyLimit(account), Scope.ACCOUNT, true,
                "5 + 10 per SuiteCloud Plus licence (attribute " + SUITECLOUD_PLUS_LICENSES + ")");
    }

}
