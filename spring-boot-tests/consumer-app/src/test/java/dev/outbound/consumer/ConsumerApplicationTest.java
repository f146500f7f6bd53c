package dev.outbound.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.IntegrationResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application as its users run it: started on a random port with its properties, a call through the
 * auto-configured gateway to a real HTTP server, then the actuator read over HTTP. The same test runs on each
 * Spring Boot line (its module says which).
 */
class ConsumerApplicationTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static MockWebServer provider;
    static ConfigurableApplicationContext app;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        provider = new MockWebServer();
        provider.start();
        app = SpringApplication.run(ConsumerApplication.class, "--server.port=0",
                "--outbound.providers.crm.base-url=" + provider.url("/api"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        provider.close();
    }

    @Test
    void aCallThroughTheAutoConfiguredGatewayReachesTheProviderWithTheStoredCredential() throws Exception {
        provider.enqueue(new MockResponse.Builder().code(200).body("pong").build());
        IntegrationGateway gateway = app.getBean(IntegrationGateway.class);

        IntegrationResponse response = gateway.client("crm", "acme").get("ping").execute();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyAsString()).isEqualTo("pong");
        RecordedRequest seen = provider.takeRequest(5, TimeUnit.SECONDS);
        assertThat(seen.getUrl().encodedPath()).isEqualTo("/api/ping");
        assertThat(seen.getHeaders().get("X-Api-Key")).isEqualTo("consumer-key-1");
    }

    @Test
    void actuatorHealthShowsTheOutboundComponentWithTheIntegrationsItHasSeen() throws Exception {
        provider.enqueue(new MockResponse.Builder().code(200).body("pong").build());
        app.getBean(IntegrationGateway.class).client("crm", "acme").get("ping").execute();

        JsonNode health = get("/actuator/health");

        JsonNode outbound = health.path("components").path("outbound");
        assertThat(outbound.path("status").asText()).isEqualTo("UP");
        assertThat(outbound.path("details").path("integrations").path("crm/acme").path("status").asText())
                .isEqualTo("green");
        assertThat(health.toString()).doesNotContain("consumer-key-1");
    }

    @Test
    void theOutboundEndpointServesHealthRowsAlertsCompatibilityAndRateLimits() throws Exception {
        provider.enqueue(new MockResponse.Builder().code(200).body("pong").build());
        app.getBean(IntegrationGateway.class).client("crm", "acme").get("ping").execute();

        JsonNode body = get("/actuator/outbound");

        assertThat(body.path("health").findValuesAsText("customer")).contains("acme");
        assertThat(body.path("alerts").isArray()).isTrue();
        assertThat(body.path("compatibility").findValuesAsText("provider")).contains("crm");
        assertThat(body.path("rateLimits").isArray()).isTrue();
        assertThat(body.toString()).doesNotContain("consumer-key-1");
    }

    @Test
    void anInvalidPropertyStopsStartupWithAMessageNamingIt() {
        assertThatThrownBy(() -> SpringApplication.run(ConsumerApplication.class, "--server.port=0",
                "--outbound.providers.crm.base-url=ftp://crm.example.com"))
                .hasStackTraceContaining("outbound.providers.crm.base-url must be an absolute http(s) URL");
        assertThatThrownBy(() -> SpringApplication.run(ConsumerApplication.class, "--server.port=0",
                "--outbound.providers.crm.max-attempts=0"))
                .hasStackTraceContaining("outbound.providers.crm");
    }

    @Test
    void theGatewayIsClosedWithTheApplicationContext() {
        ConfigurableApplicationContext second = SpringApplication.run(ConsumerApplication.class, "--server.port=0",
                "--outbound.providers.crm.base-url=" + provider.url("/api"));
        IntegrationGateway gateway = second.getBean(IntegrationGateway.class);

        second.close();

        var refused = gateway.client("crm", "acme").get("ping").executeAsync();
        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::join).hasCauseInstanceOf(dev.outbound.errors.IntegrationException.class)
                .hasMessageContaining("is the gateway closed?");
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
