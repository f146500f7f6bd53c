package dev.outbound.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.testkit.FakeClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The token endpoint conversation of {@link OAuthTokenRefresher}: the client-credentials grant against a real OAuth
 * server, and the transient-failure path (retried with backoff on the fake clock, then given up) against scripted
 * answers.
 */
class OAuthTokenRefresherTest {
    static final AccountKey SAP = AccountKey.of("sap", "acme");
    static final String SECRET = "cc-secret-71f0a2";
    final FakeClock clock = new FakeClock();
    final MockWebServer endpoint = new MockWebServer();
    MockOAuth2Server oauth;

    @AfterEach
    void stop() throws IOException {
        endpoint.close();
        if (oauth != null) {
            oauth.shutdown();
        }
    }

    OAuthTokenRefresher refresher() {
        return OAuthTokenRefresher.builder().clock(clock).retries(3, Duration.ofMillis(250), Duration.ofSeconds(5))
                .build();
    }

    Credential.ClientCredentials clientCredentials(String tokenUrl) {
        return new Credential.ClientCredentials("outbound-sap", SECRET, tokenUrl, "API_BUSINESS_PARTNER", "", null);
    }

    @Test
    void obtainsAClientCredentialsTokenFromARealOAuthServer() throws Exception {
        oauth = new MockOAuth2Server();
        oauth.start();
        HttpUrl tokenUrl = oauth.tokenEndpointUrl("entra");

        Credential refreshed = refresher().refresh(SAP, clientCredentials(tokenUrl.toString()));

        assertThat(refreshed).isInstanceOf(Credential.ClientCredentials.class);
        Credential.ClientCredentials issued = (Credential.ClientCredentials) refreshed;
        assertThat(issued.hasAccessToken()).isTrue();
        assertThat(issued.accessToken().split("\\.")).hasSize(3); // the server issues a signed JWT
        assertThat(issued.expiry()).isAfter(clock.instant());
        assertThat(issued.clientSecret()).isEqualTo(SECRET);
        var request = oauth.takeRequest(5, TimeUnit.SECONDS);
        String form = request.getBody().readUtf8();
        assertThat(form).contains("grant_type=client_credentials", "scope=API_BUSINESS_PARTNER",
                "client_id=outbound-sap");
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void aTokenEndpointThatFailsTransientlyIsRetriedWithBackoffUntilItAnswers() throws Exception {
        endpoint.enqueue(new MockResponse.Builder().code(503).body("{\"error\":\"temporarily_unavailable\"}").build());
        endpoint.enqueue(new MockResponse.Builder().code(429).body("").build());
        endpoint.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"access_token\":\"at-after-retries\",\"token_type\":\"Bearer\",\"expires_in\":1800}")
                .build());
        endpoint.start(InetAddress.getByName("127.0.0.1"), 0);

        Credential.ClientCredentials issued = (Credential.ClientCredentials) refresher().refresh(SAP,
                clientCredentials(endpoint.url("/token").toString()));

        assertThat(issued.accessToken()).isEqualTo("at-after-retries");
        assertThat(issued.expiry()).isEqualTo(clock.instant().minus(clock.totalSlept()).plusSeconds(1800));
        assertThat(endpoint.getRequestCount()).isEqualTo(3);
        // Full jitter: each wait is at most the doubled cap of its attempt (250 ms, then 500 ms).
        assertThat(clock.sleeps()).hasSize(2);
        assertThat(clock.sleeps().get(0)).isBetween(Duration.ZERO, Duration.ofMillis(250));
        assertThat(clock.sleeps().get(1)).isBetween(Duration.ZERO, Duration.ofMillis(500));
    }

    @Test
    void aTokenEndpointThatKeepsFailingIsGivenUpAfterTheLastAttemptAsCredentialUnavailable() throws Exception {
        for (int i = 0; i < 3; i++) {
            endpoint.enqueue(new MockResponse.Builder().code(502).body("bad gateway").build());
        }
        endpoint.start(InetAddress.getByName("127.0.0.1"), 0);

        IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> refresher().refresh(SAP,
                clientCredentials(endpoint.url("/token").toString())));

        assertThat(e).isNotNull();
        assertThat(e.envelope().category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.CREDENTIAL_UNAVAILABLE);
        assertThat(e.getMessage()).contains("after 3 attempts", "HTTP 502").doesNotContain(SECRET);
        assertThat(endpoint.getRequestCount()).isEqualTo(3);
        assertThat(clock.sleeps()).hasSize(2);
    }

    @Test
    void aTokenEndpointThatRefusesConnectionsIsRetriedAndThenReportedUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }

        IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> refresher().refresh(SAP,
                clientCredentials("http://127.0.0.1:" + closedPort + "/token")));

        assertThat(e).isNotNull();
        assertThat(e.envelope().reason()).isEqualTo(Reasons.CREDENTIAL_UNAVAILABLE);
        assertThat(e.getMessage()).contains("ConnectException");
        assertThat(clock.sleeps()).hasSize(2);
    }

    @Test
    void aRejectedClientIsNotRetried() throws Exception {
        endpoint.enqueue(new MockResponse.Builder().code(401).body("{\"error\":\"invalid_client\"}").build());
        endpoint.start(InetAddress.getByName("127.0.0.1"), 0);

        IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> refresher().refresh(SAP,
                clientCredentials(endpoint.url("/token").toString())));

        assertThat(e).isNotNull();
        assertThat(e.envelope().category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
        assertThat(e.envelope().reason()).isEqualTo("invalid_client");
        assertThat(endpoint.getRequestCount()).isEqualTo(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void anInvalidGrantIsARevocationAndIsNotRetried() throws Exception {
        endpoint.enqueue(new MockResponse.Builder().code(400).body("{\"error\":\"invalid_grant\"}").build());
        endpoint.start(InetAddress.getByName("127.0.0.1"), 0);
        OAuthTokenRefresher refresher = OAuthTokenRefresher.builder().clock(clock)
                .client("crm", new OAuthClient(endpoint.url("/token").toString(), "crm-client", SECRET, true))
                .build();
        Credential.OAuth2Token token = new Credential.OAuth2Token("old-access", "rt-burned", clock.instant(), "");

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> refresher.refresh(AccountKey.of("crm", "acme"), token));

        assertThat(e).isNotNull();
        assertThat(e.envelope().reason()).isEqualTo(Reasons.TOKEN_REVOKED);
        assertThat(e.getMessage()).doesNotContain("rt-burned", SECRET);
        RecordedRequest sent = endpoint.takeRequest();
        assertThat(sent.getHeaders().get("Authorization")).startsWith("Basic ");
        assertThat(sent.getBody().utf8()).contains("grant_type=refresh_token", "refresh_token=rt-burned");
        assertThat(endpoint.getRequestCount()).isEqualTo(1);
        assertThat(clock.sleeps()).isEmpty();
    }
}
