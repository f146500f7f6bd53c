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
import dev.outbound.testkit.SimulatedProvider;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One log line per attempt, with what on-call needs and the call's correlation id on the MDC. */
class AttemptLogTest {
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Logger http;
    private SimulatedProvider sim;
    private PipelineFixture f;

    @BeforeEach
    void start() {
        http = (Logger) LoggerFactory.getLogger("dev.outbound.http");
        http.setLevel(Level.INFO);
        lines.start();
        http.addAppender(lines);
        sim = SimulatedProvider.start();
        f = new PipelineFixture(sim);
    }

    @AfterEach
    void stop() {
        http.detachAppender(lines);
        f.close();
        sim.close();
    }

    @Test
    void logsEachAttemptWithThePathTemplateNotTheIds() {
        sim.on("GET", "/api/accounts/001XYZ").respond(status(503), json(200, "{\"Id\":\"001XYZ\"}"));

        f.client().get("accounts/{id}", "001XYZ").operation("sync-accounts").correlationId("corr-42").execute();

        assertThat(lines.list).hasSize(2);
        ILoggingEvent failed = lines.list.get(0);
        ILoggingEvent succeeded = lines.list.get(1);
        assertThat(failed.getLevel()).isEqualTo(Level.WARN);
        assertThat(failed.getFormattedMessage())
                .startsWith("GET 127.0.0.1 accounts/{id} -> 503 in ")
                .contains("server_error http_status [attempt 1 of 3]");
        assertThat(succeeded.getLevel()).isEqualTo(Level.INFO);
        assertThat(succeeded.getFormattedMessage()).startsWith("GET 127.0.0.1 accounts/{id} -> 200 in ")
                .contains("received 15 B").endsWith("[attempt 2 of 3]");
        for (ILoggingEvent line : List.of(failed, succeeded)) {
            assertThat(line.getFormattedMessage()).doesNotContain("001XYZ");
            assertThat(line.getMDCPropertyMap()).containsEntry("correlation_id", "corr-42")
                    .containsEntry("customer", "acme").containsEntry("provider", "crm")
                    .containsEntry("operation", "sync-accounts");
        }
    }

    @Test
    void theEnvelopeCarriesTheSameCorrelationIdAsTheLogLines() {
        sim.on("GET", "/api/gone").respond(json(404, "{\"message\":\"gone\"}"));

        IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> f.client().get("gone").execute());

        assertThat(e.envelope().correlationId()).isNotEmpty();
        assertThat(lines.list).singleElement().satisfies(line ->
                assertThat(line.getMDCPropertyMap()).containsEntry("correlation_id", e.envelope().correlationId()));
    }
}
