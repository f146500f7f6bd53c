package dev.outbound.testkit.providers;

import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An SAP Gateway OData service (PROVIDERS.md §3), V2 ({@code /sap/opu/odata/sap/<SERVICE>/}) or V4
 * ({@code /sap/opu/odata4/sap/<binding>/srvd_a2x/sap/<service>/0001/}), with SAP's CSRF protection: a request
 * with {@code X-CSRF-Token: Fetch} gets a token and a session cookie; a modifying request without both gets
 * 403 with {@code X-CSRF-Token: Required} and "CSRF token validation failed" (that wording is UNVERIFIED, reported
 * by third parties). {@link #rotateCsrfToken()} ends the session, as SAP does when it expires; since routes cannot
 * be withdrawn one by one, it re-installs every route and clears the journal. Errors come in the V2 JSON
 * ({@code message.value}), V4 JSON and V2 XML shapes; {@code $batch} answers are canned multiparts.
 */
public final class SapSimulator extends ProviderSimulator {
    private final String serviceRoot;
    private final List<Consumer<SapSimulator>> routes = new ArrayList<>();
    private volatile int tokenGeneration = 1;

    private SapSimulator(SimulatedProvider sim, String serviceRoot, String authorization) {
        super(sim, authorization);
        this.serviceRoot = serviceRoot;
        install();
    }

    /** An OData V2 service {@code service} (e.g. {@code API_BUSINESS_PARTNER}) accepting {@code authorization}. */
    public static SapSimulator startV2(String service, String authorization) {
        return new SapSimulator(SimulatedProvider.start(), "/sap/opu/odata/sap/" + service + "/",
                Objects.requireNonNull(authorization, "authorization"));
    }

    /** An OData V4 service at {@code /sap/opu/odata4/sap/<servicePath>/} accepting {@code authorization}. */
    public static SapSimulator startV4(String servicePath, String authorization) {
        return new SapSimulator(SimulatedProvider.start(), "/sap/opu/odata4/sap/" + servicePath + "/",
                Objects.requireNonNull(authorization, "authorization"));
    }

    /** The service root path, ending with {@code /}. */
    public String serviceRoot() {
        return serviceRoot;
    }

    /** The CSRF token the service accepts now. */
    public String csrfToken() {
        return "csrf-token-" + tokenGeneration;
    }

    /** The session cookie that goes with {@link #csrfToken()}. */
    public String sessionCookie() {
        return "SAP_SESSIONID_S4H_100=session-" + tokenGeneration;
    }

    /** {@code GET <entity>} answers {@code json}. */
    public SapSimulator entity(String path, String json) {
        return add(s -> s.authed("GET", serviceRoot + path).respond(Responses.json(200, json)));
    }

    /** {@code POST <entitySet>} with a valid CSRF token creates and answers 201 with {@code json}. */
    public SapSimulator creates(String entitySet, String json) {
        return add(s -> s.withCsrf("POST", serviceRoot + entitySet).respond(Responses.json(201, json)));
    }

    /** {@code POST <entitySet>} with a valid token fails: 400 in the V2 JSON error shape. */
    public SapSimulator createFailsV2(String entitySet, String code, String message) {
        return add(s -> s.withCsrf("POST", serviceRoot + entitySet).respond(Responses.json(400,
                "{\"error\":{\"code\":\"" + code + "\",\"message\":{\"lang\":\"en\",\"value\":\"" + message
                        + "\"},\"innererror\":{\"transactionid\":\"0A1B2C3D\",\"errordetails\":[]}}}")));
    }

    /** {@code GET <path>} answers 404 in the V2 XML error shape. */
    public SapSimulator notFoundXml(String path, String code, String message) {
        return add(s -> s.authed("GET", serviceRoot + path).respond(Responses.xml(404,
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><error xmlns=\"http://schemas.microsoft.com/ado/2007/08/"
                        + "dataservices/metadata\"><code>" + code + "</code><message xml:lang=\"en\">" + message
                        + "</message></error>")));
    }

    /** {@code GET <path>}: 429, then {@code json}. */
    public SapSimulator throttledThen(String path, String json) {
        return add(s -> s.authed("GET", serviceRoot + path).respond(
                Responses.tooManyRequests(java.time.Duration.ofSeconds(3)), Responses.json(200, json)));
    }

    /** {@code POST $batch} with a valid token answers 202 with this multipart body. */
    public SapSimulator batch(String boundary, String multipartBody) {
        return add(s -> s.withCsrf("POST", serviceRoot + "$batch").respond(Responses.body(202,
                "multipart/mixed; boundary=" + boundary, multipartBody.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    /** Ends the CSRF session: a new token and cookie from now on. Re-installs the routes; clears the journal. */
    public SapSimulator rotateCsrfToken() {
        tokenGeneration++;
        simulator().reset();
        install();
        routes.forEach(r -> r.accept(this));
        return this;
    }

    private SapSimulator add(Consumer<SapSimulator> route) {
        routes.add(route);
        route.accept(this);
        return this;
    }

    private dev.outbound.testkit.SimulatedProvider.Route withCsrf(String method, String path) {
        return authed(method, path).whenHeader("X-CSRF-Token", csrfToken())
                .whenHeaderMatching("Cookie", ".*" + java.util.regex.Pattern.quote(sessionCookie()) + ".*");
    }

    private void install() {
        SimulatedProvider sim = simulator();
        sim.onPathMatching("ANY", "/sap/.*").respond(Responses.xml(401, "<?xml version=\"1.0\"?><error><code>"
                + "/IWFND/CM_BEC/026</code><message>Logon failed</message></error>"));
        for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE", "MERGE"}) {
            sim.onPathMatching(method, "/sap/.*").whenHeader("Authorization", authorization()).respond(
                    Responses.text(403, "CSRF token validation failed").withHeader("X-CSRF-Token", "Required"));
        }
        sim.onPathMatching("ANY", "/sap/.*").whenHeader("Authorization", authorization())
                .whenHeader("X-CSRF-Token", "Fetch").respond(Responses.status(200)
                        .withHeader("X-CSRF-Token", csrfToken())
                        .withHeader("Set-Cookie", sessionCookie() + "; path=/; secure; HttpOnly")
                        .withHeader("Set-Cookie", "sap-usercontext=sap-client=100; path=/"));
    }
}
