package dev.outbound.testkit.providers;

import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import java.time.Duration;

/**
 * The Coupa Core API (PROVIDERS.md §5) under {@code /api/}: bearer tokens checked (401 otherwise), JSON answers
 * when asked with {@code Accept: application/json}, XML otherwise; the XML 404 for a search without results and
 * the JSON empty array; validation errors as {@code {"errors":{"<resource>":["…"]}}} with 400 (the status is not
 * documented: UNVERIFIED); 429 for the rate limit (not documented: UNVERIFIED).
 */
public final class CoupaSimulator extends ProviderSimulator {

    private CoupaSimulator(SimulatedProvider sim, String token) {
        super(sim, "Bearer " + token);
        sim.onPathMatching("ANY", "/api/.*").respond(Responses.xml(401,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<errors>\n\t <error>Unauthorized</error>\n</errors>"));
    }

    public static CoupaSimulator start(String token) {
        return new CoupaSimulator(SimulatedProvider.start(), token);
    }

    /** {@code GET /api/suppliers/<id>} answers JSON. */
    public CoupaSimulator supplier(String id, String json) {
        authed("GET", "/api/suppliers/" + id).whenHeader("Accept", "application/json").respond(Responses.json(200, json));
        return this;
    }

    /** {@code GET /api/suppliers}: JSON {@code []} when asked for JSON, the XML 404 otherwise. */
    public CoupaSimulator noSuppliers() {
        authed("GET", "/api/suppliers").respond(Responses.xml(404, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<errors>\n\t <error>No results match your search criteria.</error>\n</errors>"));
        authed("GET", "/api/suppliers").whenHeader("Accept", "application/json").respond(Responses.json(200, "[ ]"));
        return this;
    }

    /** {@code PUT /api/suppliers/<id>}: 400 with Coupa's JSON errors. */
    public CoupaSimulator updateFails(String id, String message) {
        authed("PUT", "/api/suppliers/" + id).respond(Responses.json(400, "{\"errors\":{\"supplier\":[\"" + message
                + "\"]}}"));
        return this;
    }

    /**
     * {@code GET /api/suppliers/<id>}: the supplier once, then 403 — the OAuth client lost the scope the endpoint
     * needs. Coupa documents no 403 body for the Core API; this one is illustrative.
     */
    public CoupaSimulator supplierThenScopeLost(String id, String json) {
        authed("GET", "/api/suppliers/" + id).respond(Responses.json(200, json), Responses.json(403,
                "{\"errors\":{\"base\":[\"You are not authorized to access this resource\"]}}"));
        return this;
    }

    /** {@code GET <path>}: 429, then {@code json}. */
    public CoupaSimulator throttledThen(String path, String json) {
        authed("GET", path).respond(Responses.tooManyRequests(Duration.ofSeconds(1)), Responses.json(200, json));
        return this;
    }
}
