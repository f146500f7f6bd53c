package dev.outbound.gateway.pipeline;

import static dev.outbound.testkit.Responses.json;
import static dev.outbound.testkit.Responses.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.outbound.errors.IntegrationException;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.testkit.FakeClock;
import dev.outbound.testkit.SimulatedProvider;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Runs calls with every credential kind through success, retries and failures — including error bodies that echo
 * the secrets back — and checks that no secret appears in any captured log line, MDC value, exception message,
 * envelope or metric tag.
 */
class SecretsNeverLoggedTest {
    private static final String BEARER = "bearer-SECRET-7c1e0a9f";
    private static final String REFRESH = "refresh-SECRET-55d1";
    private static final String API_KEY_HEADER = "apikey-SECRET-hdr-91a";
    private static final String API_KEY_QUERY = "apikey-SECRET-qry-3b2";
    private static final String PASSWORD = "password-SECRET-x8";
    private static final List<String> SECRETS = List.of(BEARER, REFRESH, API_KEY_HEADER, API_KEY_QUERY, PASSWORD);

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Logger root;
    private Level previousLevel;
    private SimulatedProvider sim;

    @BeforeEach
    void capture() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        previousLevel = root.getLevel();
        root.setLevel(Level.TRACE);
        captured.start();
        root.addAppender(captured);
        sim = SimulatedProvider.start();
    }

    @AfterEach
    void release() {
        root.detachAppender(captured);
        root.setLevel(previousLevel);
        sim.close();
    }

    @Test
    void noSecretOfAnyCredentialKindAppearsInLogsExceptionsOrMetrics() {
        FakeClock clock = new FakeClock();
        InMemoryCredentialStore store = new InMemoryCredentialStore(clock)
                .put(AccountKey.of("crm", "bearer-co"), new Credential.OAuth2Token(BEARER, REFRESH, null, "api"))
                .put(AccountKey.of("crm", "header-co"), Credential.ApiKey.header("X-Api-Key", API_KEY_HEADER))
                .put(AccountKey.of("crm", "query-co"), Credential.ApiKey.query("api_key", API_KEY_QUERY))
                .put(AccountKey.of("crm", "basic-co"), new Credential.BasicAuth("isu", PASSWORD));
        String echo = "{\"error\":\"invalid\",\"access_token\":\"" + BEARER + "\",\"api_key\":\"" + API_KEY_HEADER
                + "\",\"password\":\"" + PASSWORD + "\",\"url\":\"/x?api_key=" + API_KEY_QUERY + "\"}";
        sim.onPathMatching("GET", "/ok.*").respond(json(200, "{}"));
        sim.onPathMatching("GET", "/flaky.*").respond(status(500), json(200, "{}"));
        sim.onPathMatching("GET", "/echo401.*").respond(json(401, echo));
        sim.onPathMatching("GET", "/echo400.*").respond(json(400, echo));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<String> exceptionTexts = new ArrayList<>();
        try (IntegrationGateway g = IntegrationGateway.builder()
                .provider(GenericRestAdapter.builder("crm").baseUrl(sim.baseUrl()).build())
                .credentialStore(store).clock(clock).meterRegistry(meters).build()) {
            for (String customer : List.of("bearer-co", "header-co", "query-co", "basic-co")) {
                g.client("crm", customer).get("ok").operation("probe").execute();
                g.client("crm", customer).get("flaky").execute();
                for (String path : List.of("echo401", "echo400")) {
                    IntegrationException e = catchThrowableOfType(IntegrationException.class,
                            () -> g.client("crm", customer).get(path).execute());
                    exceptionTexts.add(e.getMessage());
                    exceptionTexts.add(e.toString());
                    exceptionTexts.add(e.envelope().toString());
                    exceptionTexts.add(e.envelope().rawError());
                }
            }
            exceptionTexts.add(store.read(AccountKey.of("crm", "bearer-co")).orElseThrow().toString());
        }

        // the calls really were made with the secrets, so the absence below means something
        assertThat(sim.requests()).anySatisfy(r -> assertThat(r.header("Authorization")).contains("Bearer " + BEARER));
        assertThat(sim.requests()).anySatisfy(r -> assertThat(r.path()).contains(API_KEY_QUERY));
        assertThat(captured.list).isNotEmpty();

        List<String> logTexts = new ArrayList<>();
        for (ILoggingEvent event : captured.list) {
            logTexts.add(event.getFormattedMessage());
            logTexts.addAll(event.getMDCPropertyMap().values());
            if (event.getThrowableProxy() != null) {
                logTexts.add(event.getThrowableProxy().getMessage());
            }
        }
        List<String> tagValues = new ArrayList<>();
        for (Meter meter : meters.getMeters()) {
            for (Tag tag : meter.getId().getTags()) {
                tagValues.add(tag.getValue());
            }
        }
        for (String secret : SECRETS) {
            assertThat(logTexts).as("log lines").noneMatch(t -> t != null && t.contains(secret));
            assertThat(exceptionTexts).as("exceptions and envelopes").noneMatch(t -> t.contains(secret));
            assertThat(tagValues).as("metric tags").noneMatch(t -> t.contains(secret));
        }
    }
}
