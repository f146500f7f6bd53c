package dev.outbound.testkit.providers;

import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;

/**
 * NetSuite REST web services and RESTlets (PROVIDERS.md §4): {@code /services/rest/record/v1/...} and
 * {@code /app/site/hosting/restlet.nl}. Requests must carry a TBA {@code Authorization: OAuth realm="<realm>"...}
 * header (the simulator checks its shape and realm, not the HMAC) or the accepted bearer token; anything else is
 * the documented 401 {@code INVALID_LOGIN}. Errors: {@code o:errorDetails} (400 {@code INVALID_CONTENT} with
 * {@code o:errorPath}), RESTlet 400 {@code SSS_REQUEST_LIMIT_EXCEEDED}, and a RESTlet that reports a caught error
 * with HTTP 200 (the body shape is UNVERIFIED: the usual SuiteScript {@code {"error":{code,message}}}).
 */
public final class NetSuiteSimulator extends ProviderSimulator {
    static final String INVALID_LOGIN = "{\n    \"type\": \"https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html\",\n"
            + "    \"title\": \"Unauthorized\",\n    \"status\": 401,\n    \"o:errorDetails\": [\n        {\n"
            + "            \"detail\": \"Invalid login attempt. For more details, see the Login Audit Trail in the "
            + "NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.\",\n"
            + "            \"o:errorCode\": \"INVALID_LOGIN\"\n        }\n    ]\n}";
    private final String realm;

    private NetSuiteSimulator(SimulatedProvider sim, String realm) {
        super(sim, "unused");
        this.realm = realm;
        sim.onPathMatching("ANY", "/.*").respond(Responses.json(401, INVALID_LOGIN));
    }

    /** A simulator for account {@code realm} (e.g. {@code 1234567_SB1}). */
    public static NetSuiteSimulator start(String realm) {
        return new NetSuiteSimulator(SimulatedProvider.start(), realm);
    }

    private dev.outbound.testkit.SimulatedProvider.Route tba(String method, String path) {
        return simulator().on(method, path).whenHeaderMatching("Authorization", "OAuth realm=\""
                + java.util.regex.Pattern.quote(realm) + "\", oauth_consumer_key=\"[^\"]+\", oauth_token=\"[^\"]+\", "
                + "oauth_nonce=\"[^\"]+\", oauth_timestamp=\"\\d+\", oauth_signature_method=\"HMAC-SHA256\", "
                + "oauth_version=\"1.0\", oauth_signature=\"[^\"]+\"");
    }

    /** {@code GET record/v1/<type>/<id>} answers the record. */
    public NetSuiteSimulator record(String type, String id, String json) {
        tba("GET", "/services/rest/record/v1/" + type + "/" + id).respond(Responses.json(200, json));
        return this;
    }

    /** {@code POST record/v1/<type>}: 400 INVALID_CONTENT with an error path. */
    public NetSuiteSimulator createFailsInvalidContent(String type, String path) {
        tba("POST", "/services/rest/record/v1/" + type).respond(Responses.json(400, "{\"type\":\"https://www.w3.org/"
                + "Protocols/rfc2616/rfc2616-sec10.html\",\"title\":\"Bad Request\",\"status\":400,\"o:errorDetails\":"
                + "[{\"detail\":\"Invalid content in the request body.\",\"o:errorPath\":\"" + path + "\","
                + "\"o:errorCode\":\"INVALID_CONTENT\"}]}"));
        return this;
    }

    /** The RESTlet: 400 SSS_REQUEST_LIMIT_EXCEEDED, then {@code json}. */
    public NetSuiteSimulator restletOverConcurrencyThen(String json) {
        tba("GET", "/app/site/hosting/restlet.nl").respond(Responses.json(400, "{\"error\":{\"code\":"
                + "\"SSS_REQUEST_LIMIT_EXCEEDED\",\"message\":\"Request limit exceeded\"}}"), Responses.json(200, json));
        return this;
    }

    /** The RESTlet: HTTP 200 with a caught SuiteScript error in the body. */
    public NetSuiteSimulator restletReportsErrorWith200(String code, String message) {
        tba("POST", "/app/site/hosting/restlet.nl").respond(Responses.okWithErrorBody("{\"error\":{\"code\":\""
                + code + "\",\"message\":\"" + message + "\"}}"));
        return this;
    }
}
