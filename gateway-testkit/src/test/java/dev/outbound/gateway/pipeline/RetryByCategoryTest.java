package dev.outbound.gateway.pipeline;

import static dev.outbound.testkit.Responses.json;
import static dev.outbound.testkit.Responses.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryByCategoryTest {
    private SimulatedProvider sim;
    private PipelineFixture f;

    @BeforeEach
    void start() {
        sim = SimulatedProvider.start();
        f = new PipelineFixture(sim);
    }

    @AfterEach
    void stop() {
        f.close();
        sim.close();
    }

    @Test
    void serverErrorsAreRetriedWithFullJitterBackoffUntilSuccess() {
        sim.on("GET", "/api/items/1").respond(status(500), status(503), json(200, "{\"id\":1}"));

        var response = f.client().get("items/{id}", 1).operation("sync-items").execute();

        assertThat(response.status()).isEqualTo(200);
        assertThat(sim.requestCount("GET", "/api/items/1")).isEqualTo(3);
        // full jitter: each wait is uniform in [0, base * 2^(n-1)]; a wait that came out as 0 ms is no sleep at all,
        // so there are at most two sleeps, none above 400 ms.
        assertThat(f.clock.sleeps()).hasSizeLessThanOrEqualTo(2)
                .allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(400)));
        assertThat(f.clock.totalSlept()).isLessThanOrEqualTo(Duration.ofMillis(600));
    }

    @Test
    void serverErrorsStopAfterMaxAttemptsWithTheAttemptInTheMessage() {
        sim.on("GET", "/api/items/1").respond(status(500));

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("items/{id}", 1).operation("sync-items").execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.SERVER_ERROR);
        assertThat(sim.requestCount("GET", "/api/items/1")).isEqualTo(3);
        assertThat(e.getMessage()).startsWith("server_error on acme/crm (sync-items):").endsWith("[HTTP 500, attempt 3 of 3]");
    }

    @Test
    void rateLimitHonoursRetryAfterInSeconds() {
        sim.on("GET", "/api/items").respond(Responses.tooManyRequests(Duration.ofSeconds(7)), json(200, "[]"));

        f.client().get("items").execute();

        assertThat(f.clock.sleeps()).hasSize(1);
        assertThat(f.clock.sleeps().get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(7))
                .isLessThanOrEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void rateLimitHonoursRetryAfterAsAnHttpDate() {
        sim.on("GET", "/api/items").respond(
                Responses.tooManyRequests(f.clock.instant().plusSeconds(12)), json(200, "[]"));

        f.client().get("items").execute();

        assertThat(f.clock.sleeps()).containsExactly(Duration.ofSeconds(12));
    }

    @Test
    void retryAfterBeyondTheDeadlineFailsAtOnceInsteadOfWaiting() {
        sim.on("GET", "/api/items").respond(Responses.tooManyRequests(Duration.ofSeconds(60)));

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("items").deadline(Duration.ofSeconds(10)).execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
        assertThat(e.envelope().retryAfter()).contains(Duration.ofSeconds(60));
        assertThat(sim.requestCount("GET", "/api/items")).isEqualTo(1);
        assertThat(f.clock.sleeps()).isEmpty();
    }

    @Test
    void backoffNeverSleepsPastTheDeadline() {
        sim.on("GET", "/api/items").respond(status(500));
        ProviderPolicy slowBackoff = ProviderPolicy.builder().maxAttempts(10)
                .backoff(Duration.ofSeconds(4), Duration.ofSeconds(4)).build();
        try (PipelineFixture g = new PipelineFixture(sim, slowBackoff)) {
            assertThatThrownBy(() -> g.client().get("items").deadline(Duration.ofSeconds(9)).execute())
                    .isInstanceOf(IntegrationException.class);
            assertThat(g.clock.totalSlept()).isLessThan(Duration.ofSeconds(9));
            assertThat(sim.requestCount("GET", "/api/items")).isLessThan(10);
        }
    }

    @Test
    void timeoutIsRetriedExactlyOnce() {
        sim.on("GET", "/api/slow").respond(Responses.slow(Duration.ofMillis(1500)));
        ProviderPolicy quick = ProviderPolicy.builder().maxAttempts(5).readTimeout(Duration.ofMillis(150)).build();
        try (PipelineFixture g = new PipelineFixture(sim, quick)) {
            IntegrationException e = catchThrowableOfType(IntegrationException.class,
                    () -> g.client().get("slow").execute());

            assertThat(e.category()).isEqualTo(ErrorCategory.TIMEOUT);
            assertThat(e.envelope().reason()).isEqualTo(Reasons.READ_TIMEOUT);
            assertThat(e.envelope().attempt()).isEqualTo(2);
            assertThat(sim.requestCount("GET", "/api/slow")).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "HTTP {0} is {1} and is sent once")
    @CsvSource({"400, VALIDATION_ERROR", "422, VALIDATION_ERROR", "409, CONFLICT", "412, CONFLICT",
            "404, NOT_FOUND"})
    void requestErrorsAreNeverRetried(int status, ErrorCategory category) {
        sim.on("PUT", "/api/items/1").respond(json(status, "{\"message\":\"nope\"}"));

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().put("items/{id}", 1).body(java.util.Map.of("a", 1)).execute());

        assertThat(e.category()).isEqualTo(category);
        assertThat(sim.requestCount("PUT", "/api/items/1")).isEqualTo(1);
        assertThat(f.clock.sleeps()).isEmpty();
    }

    @Test
    void authFailureRefreshesTheCredentialOnceAndRetriesOnce() {
        sim.on("GET", "/api/me").whenHeader("Authorization", "Bearer " + PipelineFixture.TOKEN)
                .respond(json(401, "{\"error\":\"invalid_token\"}"));
        sim.on("GET", "/api/me").whenHeader("Authorization", "Bearer fresh-token").respond(json(200, "{}"));
        AtomicInteger refreshes = new AtomicInteger();
        try (PipelineFixture g = new PipelineFixture(sim, ProviderPolicy.defaults(), IntegrationGateway.builder()
                .tokenRefresher((account, current) -> {
                    refreshes.incrementAndGet();
                    return Credential.OAuth2Token.bearer("fresh-token", null);
                }))) {
            assertThat(g.client().get("me").execute().status()).isEqualTo(200);

            assertThat(refreshes).hasValue(1);
            assertThat(sim.requestCount("GET", "/api/me")).isEqualTo(2);
            assertThat(g.store.read(AccountKey.of("crm", "acme")).orElseThrow().credential())
                    .isEqualTo(Credential.OAuth2Token.bearer("fresh-token", null));
        }
    }

    @Test
    void authFailureThatPersistsAfterRefreshIsReportedAfterTwoAttempts() {
        sim.on("GET", "/api/me").respond(json(401, "{\"error\":\"invalid_token\"}"));

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("me").execute());

        assertThat(e.category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
        assertThat(sim.requestCount("GET", "/api/me")).isEqualTo(2);
    }

    @Test
    void postIsNotRetriedUnlessTheCallerOptsIn() {
        sim.on("POST", "/api/items").respond(status(500));

        assertThatThrownBy(() -> f.client().post("items").body(java.util.Map.of("n", 1)).execute())
                .isInstanceOf(IntegrationException.class);
        assertThat(sim.requestCount("POST", "/api/items")).isEqualTo(1);

        sim.resetRequests();
        assertThatThrownBy(() -> f.client().post("items").body(java.util.Map.of("n", 1)).retryNonIdempotent()
                .execute()).isInstanceOf(IntegrationException.class);
        assertThat(sim.requestCount("POST", "/api/items")).isEqualTo(3);
    }

    @Test
    void anIdempotencyKeyMakesAPostRetryableAndIsSentOnEveryAttempt() {
        sim.on("POST", "/api/charges").respond(status(502), json(201, "{}"));

        f.client().post("charges").body(java.util.Map.of("amount", 5)).idempotencyKey("order-77").execute();

        assertThat(sim.requests("POST", "/api/charges")).hasSize(2)
                .allSatisfy(r -> assertThat(r.header("Idempotency-Key")).contains("order-77"));
    }

    @Test
    void retriesAreCountedByCategory() {
        sim.on("GET", "/api/items").respond(status(500), json(200, "[]"));

        f.client().get("items").operation("sync-items").execute();

        assertThat(f.meters.get("outbound.retries").tag("category", "server_error").tag("customer", "acme")
                .counter().count()).isEqualTo(1.0);
        assertThat(f.meters.get("outbound.calls").tag("outcome", "success").tag("operation", "sync-items")
                .timer().count()).isEqualTo(1);
    }

    @Test
    void anErrorTheProviderSaysMustNotBeRepeatedIsSentOnceWhateverItsCategory() {
        sim.on("GET", "/api/pay").respond(status(500));
        dev.outbound.errors.GenericErrorClassifier generic = dev.outbound.errors.GenericErrorClassifier.create();
        try (dev.outbound.gateway.IntegrationGateway g = dev.outbound.gateway.IntegrationGateway.builder()
                .provider(dev.outbound.gateway.GenericRestAdapter.builder("crm").baseUrl(sim.baseUrl() + "/api")
                        .classifier(r -> generic.classify(r).map(e -> e.toBuilder()
                                .reason(Reasons.SHOULD_NOT_RETRY).build()))
                        .build())
                .credentialStore(f.store).clock(f.clock).build()) {
            IntegrationException e = catchThrowableOfType(IntegrationException.class,
                    () -> g.client("crm", "acme").get("pay").execute());

            assertThat(e.category()).isEqualTo(ErrorCategory.SERVER_ERROR);
            assertThat(sim.requestCount("GET", "/api/pay")).isEqualTo(1);
        }
    }
}
