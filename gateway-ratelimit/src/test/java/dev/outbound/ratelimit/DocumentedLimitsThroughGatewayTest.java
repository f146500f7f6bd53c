package dev.outbound.ratelimit;

import static dev.outbound.testkit.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.providers.BuiltInProviders;
import dev.outbound.testkit.FakeClock;
import dev.outbound.testkit.SimulatedProvider;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Through the whole gateway with the built-in adapters and a limiter given no {@link RateLimits} at all: the
 * providers' documented limits apply by themselves, their usage headers lower the buckets, and Salesforce's rolling
 * 24-hour allocation pauses an org until its usage should be back under the limit rather than until midnight.
 */
class DocumentedLimitsThroughGatewayTest {
    private static final String CONTACT = "{\"id\":\"1\"}";
    private final FakeClock clock = new FakeClock();
    private final SimulatedProvider sim = SimulatedProvider.start();
    private BucketRateLimiter limiter;
    private IntegrationGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (limiter != null) {
            limiter.close();
        }
        sim.close();
    }

    private void start(String provider) {
        limiter = BucketRateLimiter.builder().clock(clock).sleeper(clock)
                .backend(LocalRateLimitBackend.builder().clock(clock).build()).build();
        gateway = IntegrationGateway.builder()
                .adapterFactory(BuiltInProviders.builder().clock(clock).allowHosts(provider, "127.0.0.1").build())
                .account(provider, "acme", AccountSettings.ofBaseUrl(sim.baseUrl()))
                .credentialStore(new InMemoryCredentialStore(clock)
                        .put(AccountKey.of(provider, "acme"), Credential.OAuth2Token.bearer("token-1", null)))
                .rateLimiter(limiter).clock(clock).sleeper(clock).build();
    }

    private int status(String provider, String path) {
        return gateway.client(provider, "acme").get(path).deadline(Duration.ofMinutes(1)).execute().status();
    }

    @Test
    void hubSpotsTenSecondlyLimitAppliesWithoutAnyConfiguredLimits() {
        start("hubspot");
        sim.on("GET", "/crm/v3/objects/contacts/1").respond(json(200, CONTACT));

        for (int i = 0; i < 101; i++) {
            assertThat(status("hubspot", "crm/objects/contacts/1")).isEqualTo(200);
        }

        // 100 per rolling 10 s: the 101st call cannot go out before 10 s have passed on the gateway's clock.
        assertThat(sim.requests()).hasSize(101);
        assertThat(clock.totalSlept()).as("time the limiter made 101 calls wait").isGreaterThanOrEqualTo(
                Duration.ofSeconds(10));
    }

    @Test
    void aUsageHeaderSayingThreeRemainMakesTheFifthCallWait() {
        start("salesforce");
        // Other apps of the org spent the allocation: 4,997 of 5,000 used in the rolling 24 hours.
        sim.onPathMatching("GET", "/services/data/.*/sobjects/Account/1")
                .respond(json(200, CONTACT).withHeader("Sforce-Limit-Info", "api-usage=4997/5000"));

        for (int i = 0; i < 4; i++) {
            assertThat(status("salesforce", "sobjects/Account/1")).isEqualTo(200);
        }
        assertThat(clock.totalSlept()).as("the first call and the three the org had left").isZero();

        assertThat(status("salesforce", "sobjects/Account/1")).isEqualTo(200);
        assertThat(clock.totalSlept()).as("the fifth call waited for the bucket to refill").isPositive();
    }

    @Test
    void salesforceRequestLimitExceededPausesUntilTheRollingWindowFreesUpNotUntilMidnight() {
        clock.set(java.time.Instant.parse("2026-01-01T01:00:00Z"));
        start("salesforce");
        sim.onPathMatching("GET", "/services/data/.*/sobjects/Account/1").respond(
                json(403, "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]")
                        .withHeader("Sforce-Limit-Info", "api-usage=5001/5000"),
                json(200, CONTACT));

        IntegrationException exceeded = catchThrowableOfType(IntegrationException.class,
                () -> gateway.client("salesforce", "acme").get("sobjects/Account/1").deadline(Duration.ofSeconds(10))
                        .execute());
        assertThat(exceeded.envelope().reason()).isEqualTo(Reasons.QUOTA_EXHAUSTED);

        Duration before = clock.totalSlept();
        assertThat(gateway.client("salesforce", "acme").get("sobjects/Account/1").deadline(Duration.ofMinutes(10))
                .execute().status()).isEqualTo(200);
        assertThat(clock.totalSlept().minus(before)).as("the pause: 2 calls over 5,000 of 24 h, at least a minute")
                .isPositive().isLessThanOrEqualTo(Duration.ofMinutes(2));
    }
}
