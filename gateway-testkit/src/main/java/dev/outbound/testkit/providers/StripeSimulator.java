package dev.outbound.testkit.providers;

import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import java.util.Objects;

/**
 * The Stripe API (PROVIDERS.md §8): secret keys checked as bearer (401 otherwise), the {@code Stripe-Version}
 * header required to be the simulated version (answers for another version are 400), the error object
 * {@code {"error":{type, code, message, param, decline_code}}}, 402 card errors, 409 idempotency errors, 429 with
 * the SDK fixture's empty error object, 400 {@code code: rate_limit}, a 200 whose body is not JSON, and the
 * {@code Stripe-Should-Retry} header the official SDKs honour (stripe-node {@code src/RequestSender.ts}).
 */
public final class StripeSimulator extends ProviderSimulator {
    private final String version;

    private StripeSimulator(SimulatedProvider sim, String version, String secretKey) {
        super(sim, "Bearer " + secretKey);
        this.version = version;
        sim.onPathMatching("ANY", "/v[12]/.*").respond(Responses.json(401, "{\"error\":{\"type\":"
                + "\"invalid_request_error\",\"message\":\"Invalid API Key provided: sk_test_****\"}}"));
        sim.onPathMatching("ANY", "/v[12]/.*").whenHeader("Authorization", authorization()).respond(Responses.json(400,
                "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Invalid Stripe API version\"}}"));
    }

    public static StripeSimulator start(String version, String secretKey) {
        return new StripeSimulator(SimulatedProvider.start(), Objects.requireNonNull(version, "version"),
                Objects.requireNonNull(secretKey, "secretKey"));
    }

    private dev.outbound.testkit.SimulatedProvider.Route route(String method, String path) {
        return authed(method, path).whenHeader("Stripe-Version", version);
    }

    /** {@code GET /v1/customers/<id>} answers the customer. */
    public StripeSimulator customer(String id, String json) {
        route("GET", "/v1/customers/" + id).respond(Responses.json(200, json).withHeader("Request-Id", "req_1"));
        return this;
    }

    /** {@code POST /v1/charges} with this idempotency key succeeds; a second use of it gets 409. */
    public StripeSimulator chargeOnce(String idempotencyKey, String json) {
        route("POST", "/v1/charges").whenHeader("Idempotency-Key", idempotencyKey).respond(
                Responses.json(200, json), Responses.json(409, "{\"error\":{\"type\":\"idempotency_error\","
                        + "\"message\":\"Keys for idempotent requests can only be used with the same parameters they "
                        + "were first used with.\"}}"));
        return this;
    }

    /** {@code POST /v1/charges}: 502, then success (retried only with an idempotency key). */
    public StripeSimulator chargeFailsOnceThen(String json) {
        route("POST", "/v1/charges").respond(Responses.json(502, "{\"error\":{\"type\":\"api_error\",\"message\":"
                + "\"Bad gateway\"}}"), Responses.json(200, json));
        return this;
    }

    /** {@code POST /v1/payment_intents/<id>/confirm}: 402 card declined. */
    public StripeSimulator cardDeclined(String paymentIntent) {
        route("POST", "/v1/payment_intents/" + paymentIntent + "/confirm").respond(Responses.json(402,
                "{\"error\":{\"type\":\"card_error\",\"code\":\"card_declined\",\"decline_code\":\"insufficient_funds\","
                        + "\"message\":\"Your card has insufficient funds.\",\"doc_url\":"
                        + "\"https://stripe.com/docs/error-codes/card-declined\"}}"));
        return this;
    }

    /** {@code GET <path>}: 429 with an empty error object, then {@code json}. */
    public StripeSimulator rateLimitedThen(String path, String json) {
        route("GET", path).respond(Responses.json(429, "{\"error\": {}}"), Responses.json(200, json));
        return this;
    }

    /** {@code GET <path>}: 400 with {@code code: rate_limit}, the legacy way of saying 429. */
    public StripeSimulator rateLimitAs400(String path) {
        route("GET", path).respond(Responses.json(400, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":"
                + "\"rate_limit\",\"message\":\"Too many requests hit the API too quickly.\"}}"));
        return this;
    }

    /**
     * {@code GET <path>}: 409 with {@code Stripe-Should-Retry: true} (another request holds the object), then
     * {@code json}. The error body is illustrative: no verbatim Stripe lock-conflict body was retrieved.
     */
    public StripeSimulator lockedOnceThen(String path, String json) {
        route("GET", path).respond(Responses.json(409, "{\"error\":{\"type\":\"invalid_request_error\","
                        + "\"message\":\"This object cannot be accessed right now because another API request or "
                        + "Stripe process is currently accessing it.\"}}").withHeader("Stripe-Should-Retry", "true"),
                Responses.json(200, json));
        return this;
    }

    /**
     * {@code GET <path>}: a 500 that Stripe says must not be repeated ({@code Stripe-Should-Retry: false}), then 200
     * with {@code json} (which a client that ignores the header would reach).
     */
    public StripeSimulator failedDoNotRetryThen(String path, String json) {
        route("GET", path).respond(Responses.json(500, "{\"error\":{\"type\":\"api_error\","
                        + "\"message\":\"An unknown error occurred\"}}").withHeader("Stripe-Should-Retry", "false"),
                Responses.json(200, json));
        return this;
    }

    /** {@code GET <path>}: 200 whose body is not JSON. */
    public StripeSimulator okButNotJson(String path) {
        route("GET", path).respond(Responses.json(200, "<html>Gateway says hi</html>"));
        return this;
    }
}
