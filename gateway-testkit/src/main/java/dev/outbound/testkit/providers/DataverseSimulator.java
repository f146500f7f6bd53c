package dev.outbound.testkit.providers;

import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The Dataverse Web API of one environment and version (PROVIDERS.md §7), under {@code /api/data/<version>/}:
 * bearer tokens checked (401 otherwise; the verbatim 401 body is not documented, so it is UNVERIFIED), records,
 * the documented 404 and 412 envelopes of conditional operations, 429 service-protection answers with
 * {@code Retry-After}, and {@code $batch} answers with and without {@code Prefer: odata.continue-on-error}.
 */
public final class DataverseSimulator extends ProviderSimulator {
    private final String version;

    private DataverseSimulator(SimulatedProvider sim, String version, String token) {
        super(sim, "Bearer " + token);
        this.version = version;
        sim.onPathMatching("ANY", "/api/data/.*").respond(Responses.json(401, "{\"error\":{\"code\":\"0x80040220\","
                + "\"message\":\"ExpiredAuthTicket\"}}").withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\""));
    }

    public static DataverseSimulator start(String version, String token) {
        return new DataverseSimulator(SimulatedProvider.start(), Objects.requireNonNull(version, "version"),
                Objects.requireNonNull(token, "token"));
    }

    /** {@code /api/data/<version>/}. */
    public String prefix() {
        return "/api/data/" + version + "/";
    }

    /** {@code GET <entitySet>(<id>)} answers the record. */
    public DataverseSimulator record(String entitySet, String id, String json) {
        authed("GET", prefix() + entitySet + "(" + id + ")").respond(odata(200, json));
        return this;
    }

    /** {@code PATCH <entitySet>(<id>)} with any If-Match answers the documented 412. */
    public DataverseSimulator staleUpdate(String entitySet, String id) {
        authed("PATCH", prefix() + entitySet + "(" + id + ")").whenHeaderMatching("If-Match", ".+").respond(odata(412,
                "{\n  \"error\":{\n   \"code\":\"\",\n   \"message\":\"A record with matching key values already "
                        + "exists.\"\n  }\n}"));
        return this;
    }

    /** {@code GET <entitySet>(<id>)} answers the documented 404. */
    public DataverseSimulator missing(String entitySet, String id) {
        authed("GET", prefix() + entitySet + "(" + id + ")").respond(odata(404, "{\n \"error\": {\n  \"code\": \"\",\n"
                + "  \"message\": \"" + entitySet + " With Id = " + id + " Does Not Exist\"\n }\n}"));
        return this;
    }

    /** {@code GET <path>}: 429 for the request-count limit with {@code Retry-After}, then {@code json}. */
    public DataverseSimulator throttledThen(String path, Duration retryAfter, String json) {
        authed("GET", prefix() + path).respond(odata(429, "{\"error\":{\"code\":\"0x80072322\",\"message\":\"Number "
                + "of requests exceeded the limit of 6000 over time window of 300 seconds.\"}}")
                .withHeader("Retry-After", Long.toString(retryAfter.toSeconds())), odata(200, json));
        return this;
    }

    /** {@code POST $batch} with {@code Prefer: odata.continue-on-error}: 200 with this multipart body. */
    public DataverseSimulator batchContinuingOnError(String boundary, String multipart) {
        authed("POST", prefix() + "$batch").whenHeader("Prefer", "odata.continue-on-error").respond(Responses.body(200,
                "multipart/mixed; boundary=" + boundary, multipart.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** {@code POST $batch} without continue-on-error: the documented 400 stop at the first failure. */
    public DataverseSimulator batchStoppingAtFirstFailure() {
        String boundary = "batchresponse_156da4b8-cd2c-4862-a911-4aaab97c001a";
        authed("POST", prefix() + "$batch").respond(Responses.body(400, "multipart/mixed; boundary=" + boundary,
                ("--" + boundary + "\nContent-Type: application/http\nContent-Transfer-Encoding: binary\n\n"
                        + "HTTP/1.1 400 Bad Request\nREQ_ID: 5ecd1cb3-1730-4ffc-909c-d44c22270026\nContent-Type: "
                        + "application/json; odata.metadata=minimal\nOData-Version: 4.0\n\n{\"error\":{\"code\":"
                        + "\"0x80044331\",\"message\":\"A validation error occurred.  The length of the 'subject' "
                        + "attribute of the 'task' entity exceeded the maximum allowed length of '200'.\"}}\n--"
                        + boundary + "--\n").getBytes(StandardCharsets.UTF_8)).withHeader("OData-Version", "4.0"));
        return this;
    }

    private static dev.outbound.testkit.SimulatedResponse odata(int status, String json) {
        return Responses.body(status, "application/json; odata.metadata=minimal", json.getBytes(StandardCharsets.UTF_8))
                .withHeader("OData-Version", "4.0");
    }
}
