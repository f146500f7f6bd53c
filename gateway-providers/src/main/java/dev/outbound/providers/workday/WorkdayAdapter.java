package dev.outbound.providers.workday;

import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.ApiVersion;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.gateway.UrlPaths;
import dev.outbound.gateway.spi.LimitDeclaration;
import dev.outbound.gateway.spi.LimitDeclaration.Scope;
import dev.outbound.gateway.spi.OutboundRequest;
import dev.outbound.providers.RateLimitDefaults;
import dev.outbound.providers.internal.AdapterContext;
import dev.outbound.providers.internal.BaseAdapter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Workday web services. Everything here is UNVERIFIED (PROVIDERS.md §6, third-party material only). The account's
 * base URL is its services host and the attribute {@value #TENANT} names the tenant. REST (the default):
 * {@code https://<host>/ccx/api/<version>/<tenant>/<path>}, version {@code v1}, OAuth 2.0 bearer tokens from
 * {@code https://<host>/ccx/oauth2/<tenant>/token}. SOAP: paths starting with {@code service/} go to
 * {@code https://<host>/ccx/service/<tenant>/<Service>/<version>} with the account's pinned SOAP version (e.g.
 * {@code v44.0}); the WS-Security {@code UsernameToken} ({@code user@tenant}) belongs in the envelope the caller
 * writes, so only bearer or basic credentials are applied here. Hosts: {@code *.workday.com},
 * {@code *.myworkday.com} (UNVERIFIED). Immutable and thread-safe.
 */
public final class WorkdayAdapter extends BaseAdapter {
    public static final String ID = "workday";
    public static final String TENANT = "tenant";
    private static final Pattern TENANT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    public static final List<ApiVersion> VERSIONS = List.of(
            ApiVersion.of("v1", null, null, "REST /ccx/api/v1 per third-party material (UNVERIFIED); no dates "
                    + "documented"));

    /**
     * No Workday limit is reachable in official material (the docs need a community login): the placeholder is
     * documentation only, never applied. Configure each customer's limit on the rate limiter.
     */
    public static final RateLimitDefaults LIMITS = new RateLimitDefaults(ID, List.of(
            LimitDeclaration.rate("unconfirmed-default", 10, Duration.ofSeconds(1), Scope.ACCOUNT, false,
                    "no Workday limits documented in the material read; a cautious placeholder").documentedOnly()),
            "nothing official reachable (docs are behind a community login)");

    private WorkdayAdapter(Settings settings) {
        super(settings);
    }

    public static WorkdayAdapter create(AdapterContext context) {
        return new WorkdayAdapter(new Settings(ID)
                .hosts(context.hosts(List.of("*.workday.com", "*.myworkday.com")))
                .versions("v1", VERSIONS)
                .limits(LIMITS)
                .classifier(new WorkdayClassifier(context.clock()))
                .policy(context.policy().orElse(ProviderPolicy.defaults()))
                .monitor(context.monitor()));
    }

    @Override
    public URI resolveUrl(AccountSettings account, String apiVersion, String encodedPath) {
        String tenant = account.attributes().get(TENANT);
        if (tenant == null || !TENANT_NAME.matcher(tenant).matches()) {
            throw new IllegalArgumentException("workday accounts need the attribute '" + TENANT + "'");
        }
        URI base = baseUrl(account, null, "the Workday services host");
        if (encodedPath.startsWith("service/")) {
            String service = encodedPath.substring("service/".length());
            return UrlPaths.join(base, "ccx/service", tenant, service, apiVersion);
        }
        return UrlPaths.join(base, "ccx/api", apiVersion, tenant, encodedPath);
    }

    @Override
    protected String versionOf(OutboundRequest request) {
        return request.url().map(u -> {
            String[] segments = u.getRawPath().split("/");
            for (String s : segments) {
                if (s.matches("v\\d{1,3}(\\.\\d{1,2})?")) {
                    return s;
                }
            }
            return "";
        }).orElse("");
    }
}
