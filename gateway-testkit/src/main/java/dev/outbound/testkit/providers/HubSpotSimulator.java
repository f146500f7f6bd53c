package dev.outbound.testkit.providers;

import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import dev.outbound.testkit.SimulatedResponse;
import java.util.Objects;

/**
 * HubSpot CRM API for one version (PROVIDERS.md §2): legacy numeric ({@code /crm/v3/objects/contacts}) or
 * date-based ({@code /crm/objects/2026-03/contacts}). Bearer tokens are checked; a request without the accepted
 * one gets 401 with category {@code INVALID_AUTHENTICATION} (UNVERIFIED wording, third-party material). Answers
 * carry the {@code X-HubSpot-RateLimit-*} headers; 429s carry the documented body with {@code policyName}.
 */
public final class HubSpotSimulator extends ProviderSimulator {
    private final String version;
    private volatile long dailyRemaining = 249_000;

    private HubSpotSimulator(SimulatedProvider sim, String version, String token) {
        super(sim, "Bearer " + token);
        this.version = version;
        sim.onPathMatching("ANY", "/crm/.*").respond(Responses.json(401, "{\"status\":\"error\",\"message\":"
                + "\"Authentication credentials not found.\",\"correlationId\":\"c0ffee00-0000-4000-8000-000000000001\","
                + "\"category\":\"INVALID_AUTHENTICATION\"}"));
    }

    /** A simulator serving {@code version} ({@code v3}, {@code v4} or {@code YYYY-MM}) accepting {@code token}. */
    public static HubSpotSimulator start(String version, String token) {
        return new HubSpotSimulator(SimulatedProvider.start(), Objects.requireNonNull(version, "version"),
                Objects.requireNonNull(token, "token"));
    }

    /** The path of the contacts object under this version. */
    public String contactsPath() {
        return version.matches("\\d{4}-\\d{2}") ? "/crm/objects/" + version + "/contacts"
                : "/crm/" + version + "/objects/contacts";
    }

    /** Daily requests left, as reported in the headers of answers added from now on. */
    public HubSpotSimulator dailyRemaining(long remaining) {
        this.dailyRemaining = remaining;
        return this;
    }

    /** {@code GET contacts/<id>} answers the contact. */
    public HubSpotSimulator contact(String id, String json) {
        authed("GET", contactsPath() + "/" + id).respond(ok(200, json));
        return this;
    }

    /** {@code POST contacts} fails with the documented validation error. */
    public HubSpotSimulator createFailsValidation() {
        authed("POST", contactsPath()).respond(Responses.json(400, "{ \"status\": \"error\", \"message\": \"Property "
                + "values were not valid\", \"errors\": [ { \"message\": \"Email is invalid\", \"in\": \"email\" } ], "
                + "\"category\": \"VALIDATION_ERROR\", \"correlationId\": \"a43683b0-5717-4ceb-80b4-104d02915d8c\" }"));
        return this;
    }

    /** {@code GET contacts/<id>}: 429 for the ten-secondly limit, then the contact. */
    public HubSpotSimulator secondlyLimitThen(String id, String json) {
        authed("GET", contactsPath() + "/" + id).respond(tooMany("TEN_SECONDLY_ROLLING",
                "You have reached your ten_secondly_rolling limit."), ok(200, json));
        return this;
    }

    /** Every authenticated request: 429 for the daily limit. */
    public HubSpotSimulator dailyLimitReached() {
        overlay("ANY", "/crm/.*").respond(tooMany("DAILY", "You have reached your daily limit."));
        return this;
    }

    private static SimulatedResponse tooMany(String policy, String message) {
        return Responses.json(429, "{\"status\":\"error\",\"message\":\"" + message + "\",\"errorType\":"
                + "\"RATE_LIMIT\",\"correlationId\":\"c0ffee00-0000-4000-8000-000000000002\",\"requestId\":"
                + "\"c0ffee00-0000-4000-8000-000000000003\",\"policyName\":\"" + policy + "\"}");
    }

    private SimulatedResponse ok(int status, String json) {
        return Responses.json(status, json).withHeader("X-HubSpot-RateLimit-Daily", "250000")
                .withHeader("X-HubSpot-RateLimit-Daily-Remaining", Long.toString(dailyRemaining))
                .withHeader("X-HubSpot-RateLimit-Secondly", "19")
                .withHeader("X-HubSpot-RateLimit-Secondly-Remaining", "18");
    }
}
