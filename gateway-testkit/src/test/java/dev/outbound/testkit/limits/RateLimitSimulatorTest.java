package dev.outbound.testkit.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.testkit.FakeClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitSimulatorTest {
    private static final long SECOND = 1_000_000_000L;

    private final FakeClock clock = new FakeClock();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<RateLimitSimulator> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(RateLimitSimulator::close);
    }

    @Test
    void theWindowRollsInsteadOfResettingAtFixedTimes() {
        RollingWindow w = new RollingWindow(100, 10 * SECOND);
        for (int i = 0; i < 50; i++) {
            assertThat(w.request(0).accepted()).isTrue();
        }
        for (int i = 0; i < 50; i++) {
            assertThat(w.request(5 * SECOND).accepted()).isTrue();
        }
        assertThat(w.request(9 * SECOND).accepted()).isFalse();

        // At 10 s the first 50 leave the window; the 50 of 5 s stay in it until 15 s.
        for (int i = 0; i < 50; i++) {
            assertThat(w.request(10 * SECOND).accepted()).as("request %d at 10 s", i).isTrue();
        }
        RollingWindow.Decision refused = w.request(12 * SECOND);
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.nanosUntilSlot()).isEqualTo(3 * SECOND);
        assertThat(w.request(15 * SECOND).accepted()).isTrue();
        assertThat(w.accepted()).isEqualTo(151);
        assertThat(w.rejected()).isEqualTo(2);
    }

    @Test
    void aRequestExactlyOneWindowAfterTheOldestIsServed() {
        RollingWindow w = new RollingWindow(2, 10 * SECOND);
        w.request(0);
        w.request(SECOND);

        assertThat(w.request(10 * SECOND - 1).accepted()).isFalse();
        assertThat(w.request(10 * SECOND).accepted()).isTrue();
        assertThat(w.inWindow(10 * SECOND)).isEqualTo(2);
        assertThat(w.inWindow(11 * SECOND)).isEqualTo(1);
    }

    @Test
    void refusedRequestsDoNotCountAgainstTheWindow() {
        RollingWindow w = new RollingWindow(3, 10 * SECOND);
        for (int i = 0; i < 3; i++) {
            w.request(0);
        }
        for (int t = 1; t < 10; t++) {
            assertThat(w.request(t * SECOND).accepted()).isFalse();
        }

        assertThat(w.request(10 * SECOND).remaining()).isEqualTo(2);
        assertThat(w.inWindow(10 * SECOND)).isEqualTo(1);
    }

    @Test
    void answers429WithRetryAfterBeyondTheLimitAndCountsBoth() throws Exception {
        RateLimitSimulator api = start(RateLimitSimulator.builder().limit(3, Duration.ofSeconds(10)));

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> ok = get(api, "/items/1", "acme");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("X-RateLimit-Remaining")).hasValue(Integer.toString(2 - i));
        }
        clock.advance(Duration.ofMillis(2500));
        HttpResponse<String> refused = get(api, "/items/1", "acme");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("8");
        assertThat(refused.body()).contains("rate_limited");
        assertThat(api.counts("acme")).isEqualTo(new RateLimitSimulator.Counts(3, 1));
        assertThat(api.counts()).isEqualTo(new RateLimitSimulator.Counts(3, 1));
        assertThat(api.inWindow("acme")).isEqualTo(3);
    }

    @Test
    void eachAccountHasItsOwnWindow() throws Exception {
        RateLimitSimulator api = start(RateLimitSimulator.builder().limit(1, Duration.ofSeconds(10)));

        assertThat(get(api, "/x", "acme").statusCode()).isEqualTo(200);
        assertThat(get(api, "/x", "globex").statusCode()).isEqualTo(200);
        assertThat(get(api, "/x", "acme").statusCode()).isEqualTo(429);
        clock.advance(Duration.ofSeconds(10));
        assertThat(get(api, "/x", "acme").statusCode()).isEqualTo(200);

        assertThat(api.counts("acme")).isEqualTo(new RateLimitSimulator.Counts(2, 1));
        assertThat(api.counts("globex")).isEqualTo(new RateLimitSimulator.Counts(1, 0));
        assertThat(api.counts("initech")).isEqualTo(new RateLimitSimulator.Counts(0, 0));
    }

    @Test
    void readsTheAccountFromAPathSegment() throws Exception {
        RateLimitSimulator api = start(RateLimitSimulator.builder().limit(1, Duration.ofSeconds(10))
                .accountBy(AccountBy.pathSegment(1)));

        assertThat(get(api, "/accounts/acme/items/1", null).statusCode()).isEqualTo(200);
        assertThat(get(api, "/accounts/acme", null).statusCode()).isEqualTo(429);
        assertThat(get(api, "/accounts/globex/items", null).statusCode()).isEqualTo(200);
        assertThat(api.counts("acme").total()).isEqualTo(2);
    }

    @Test
    void aRequestWithoutAValidAccountGets400AndIsNotCounted() throws Exception {
        RateLimitSimulator api = start(RateLimitSimulator.builder());

        assertThat(get(api, "/items", null).statusCode()).isEqualTo(400);
        assertThat(get(api, "/items", "a/b").statusCode()).isEqualTo(400);

        assertThat(api.badRequests()).isEqualTo(2);
        assertThat(api.counts().total()).isZero();
    }

    @Test
    void resetForgetsWindowsAndCounts() throws Exception {
        RateLimitSimulator api = start(RateLimitSimulator.builder().limit(1, Duration.ofSeconds(10)));
        get(api, "/x", "acme");
        get(api, "/x", "acme");

        api.reset();

        assertThat(api.counts().total()).isZero();
        assertThat(get(api, "/x", "acme").statusCode()).isEqualTo(200);
    }

    @Test
    void allowedOverADurationIsTheLimitProRata() {
        RateLimitSimulator api = start(RateLimitSimulator.builder().limit(100, Duration.ofSeconds(10)));

        assertThat(api.allowedOver(Duration.ofSeconds(60))).isEqualTo(600.0);
        assertThat(api.allowedOver(Duration.ofSeconds(15))).isEqualTo(150.0);
    }

    private RateLimitSimulator start(RateLimitSimulator.Builder builder) {
        RateLimitSimulator api = builder.clock(clock).threads(2).start();
        started.add(api);
        return api;
    }

    private HttpResponse<String> get(RateLimitSimulator api, String path, String account) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                .timeout(Duration.ofSeconds(5));
        if (account != null) {
            request.header("X-Account-Id", account);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
