package dev.outbound.testkit.providers;

import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import dev.outbound.testkit.SimulatedResponse;
import java.util.Objects;

/**
 * Salesforce REST API for one version (PROVIDERS.md §1), under {@code /services/data/<version>/}: bearer tokens
 * checked (anything else is 401 {@code INVALID_SESSION_ID}), records, error arrays, the object-shaped
 * {@code RESTAPINOTENABLED}, 403 {@code REQUEST_LIMIT_EXCEEDED} for an exhausted allocation, 300 for an external id
 * that matches several records, 410 for a retired version, {@code Sforce-Limit-Info} on answers, and Composite.
 * Wordings not quoted in PROVIDERS.md (the REQUEST_LIMIT_EXCEEDED message, the 410 body, the 300 body) are
 * UNVERIFIED.
 */
public final class SalesforceSimulator extends ProviderSimulator {
    private final String version;
    private volatile String limitInfo = "api-usage=18/5000";

    private SalesforceSimulator(SimulatedProvider sim, String version, String token) {
        super(sim, "Bearer " + token);
        this.version = version;
        sim.onPathMatching("ANY", "/services/data/.*").respond(Responses.json(401,
                "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]"));
    }

    /** A simulator serving {@code version} (e.g. {@code v62.0}) that accepts the bearer {@code token}. */
    public static SalesforceSimulator start(String version, String token) {
        Objects.requireNonNull(version, "version");
        return new SalesforceSimulator(SimulatedProvider.start(), version, Objects.requireNonNull(token, "token"));
    }

    public String version() {
        return version;
    }

    /** The API path prefix of this version, e.g. {@code /services/data/v62.0/}. */
    public String prefix() {
        return "/services/data/" + version + "/";
    }

    /** Accepts {@code token} from now on (routes added afterwards need it); the old one gets 401. */
    public SalesforceSimulator rotateToken(String token) {
        authorization("Bearer " + token);
        return this;
    }

    /** The {@code Sforce-Limit-Info} sent on successful answers added from now on. */
    public SalesforceSimulator apiUsage(long used, long limit) {
        this.limitInfo = "api-usage=" + used + "/" + limit;
        return this;
    }

    /** {@code GET sobjects/<type>/<id>} answers the record. */
    public SalesforceSimulator record(String sobject, String id, String json) {
        authed("GET", prefix() + "sobjects/" + sobject + "/" + id).respond(ok(200, json));
        return this;
    }

    /**
     * {@code GET sobjects/<type>/<field>/<value>} answers HTTP 300 with the URLs of the records {@code ids}: the
     * external id matches several records. The body shape (a JSON array of record URLs, no {@code Location}) is
     * UNVERIFIED; PROVIDERS.md gives only the status.
     */
    public SalesforceSimulator externalIdMatchesSeveral(String sobject, String field, String value, String... ids) {
        StringBuilder urls = new StringBuilder("[");
        for (String id : ids) {
            urls.append(urls.length() > 1 ? "," : "").append('"').append(prefix()).append("sobjects/")
                    .append(sobject).append('/').append(id).append('"');
        }
        authed("GET", prefix() + "sobjects/" + sobject + "/" + field + "/" + value)
                .respond(Responses.json(300, urls.append(']').toString()));
        return this;
    }

    /** {@code POST sobjects/<type>} creates and answers {@code {"id":..,"success":true,"errors":[]}}. */
    public SalesforceSimulator creates(String sobject, String id) {
        authed("POST", prefix() + "sobjects/" + sobject).respond(ok(201,
                "{\"id\":\"" + id + "\",\"success\":true,\"errors\":[]}"));
        return this;
    }

    /** {@code POST sobjects/<type>} fails with Salesforce's error array. */
    public SalesforceSimulator createFails(String sobject, String errorCode, String message, String field) {
        authed("POST", prefix() + "sobjects/" + sobject).respond(Responses.json(400, "[{\"message\":\"" + message
                + "\",\"errorCode\":\"" + errorCode + "\",\"fields\":[\"" + field + "\"]}]"));
        return this;
    }

    /** {@code path} answers {@code status} with {@code then} afterwards (a provider blip). */
    public SalesforceSimulator failsThenAnswers(String path, int status, String json) {
        authed("GET", prefix() + path).respond(Responses.json(status,
                "[{\"message\":\"An unexpected error occurred\",\"errorCode\":\"UNKNOWN_EXCEPTION\"}]"),
                ok(200, json));
        return this;
    }

    /** Every authenticated request: 403 REQUEST_LIMIT_EXCEEDED (the org's 24-hour allocation is used up). */
    public SalesforceSimulator dailyLimitExceeded() {
        overlay("ANY", prefix() + ".*").respond(Responses.json(403, "[{\"message\":\"TotalRequests Limit exceeded."
                + "\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]").withHeader("Sforce-Limit-Info",
                "api-usage=5001/5000"));
        return this;
    }

    /** Every authenticated request: 403 RESTAPINOTENABLED as a single object (the "json map" variant). */
    public SalesforceSimulator restApiDisabled() {
        overlay("ANY", prefix() + ".*").respond(Responses.json(403, "{\"errorCode\":\"RESTAPINOTENABLED\","
                + "\"message\":\"The REST API is not enabled for this Organization.\"}"));
        return this;
    }

    /** Every request to this version: 410, as Salesforce answers a retired version. */
    public SalesforceSimulator retired() {
        overlay("ANY", prefix() + ".*").respond(Responses.json(410, "[{\"errorCode\":\"NOT_FOUND\",\"message\":"
                + "\"The requested resource does not exist\"}]"));
        return this;
    }

    /** {@code POST composite} answers HTTP 200 with these {@link #subResponse sub-responses}. */
    public SalesforceSimulator composite(String... subResponses) {
        authed("POST", prefix() + "composite").respond(ok(200, "{\"compositeResponse\":["
                + String.join(",", subResponses) + "]}"));
        return this;
    }

    /** One entry of a composite answer. */
    public static String subResponse(String referenceId, int status, String bodyJson) {
        return "{\"body\":" + bodyJson + ",\"httpHeaders\":{},\"httpStatusCode\":" + status + ",\"referenceId\":\""
                + referenceId + "\"}";
    }

    private SimulatedResponse ok(int status, String json) {
        return Responses.json(status, json).withHeader("Sforce-Limit-Info", limitInfo);
    }
}
