package dev.outbound.gateway.pipeline;

import static dev.outbound.testkit.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.CallBuilder;
import dev.outbound.gateway.sync.SyncRun;
import dev.outbound.gateway.sync.SyncRuns;
import dev.outbound.testkit.SimulatedProvider;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.MDC;

/**
 * Every caller-supplied value that reaches a log line is checked before the call starts: a CR, LF, NUL, line
 * separator or bidi override in any of them is refused with a validation envelope that names the argument and quotes
 * it escaped, and nothing is sent. Regression for {@code .correlationId("c\r\nINJ")} forging a log line.
 */
class LogForgingTest {
    private static final List<String> HOSTILE = List.of("c\r\nINJ forged line", "c\nINJ", "c\u0000INJ",
            "c\u2028INJ", "c\u202eINJ", "c\u0085INJ");

    private SimulatedProvider sim;
    private PipelineFixture f;

    @BeforeEach
    void start() {
        sim = SimulatedProvider.start();
        sim.onPathMatching("GET", "/api/.*").respond(json(200, "{}"));
        f = new PipelineFixture(sim);
    }

    @AfterEach
    void stop() {
        f.close();
        sim.close();
        MDC.clear();
    }

    static Stream<Arguments> callerValues() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String bad : HOSTILE) {
            b.add(Arguments.of("correlationId", bad, (Function<PipelineFixture, CallBuilder>)
                    g -> g.client().get("items").correlationId(bad)));
            b.add(Arguments.of("operation", bad, (Function<PipelineFixture, CallBuilder>)
                    g -> g.client().get("items").operation(bad)));
            b.add(Arguments.of("header name", bad, (Function<PipelineFixture, CallBuilder>)
                    g -> g.client().get("items").header(bad, "v")));
            b.add(Arguments.of("header value", bad, (Function<PipelineFixture, CallBuilder>)
                    g -> g.client().get("items").header("X-Note", bad)));
            b.add(Arguments.of("path template", bad, (Function<PipelineFixture, CallBuilder>)
                    g -> g.client().get("items/" + bad)));
            b.add(Arguments.of("idempotency key", bad, (Function<PipelineFixture, CallBuilder>)
                    g -> g.client().post("items").idempotencyKey(bad)));
            b.add(Arguments.of("customer id", bad, (Function<PipelineFixture, CallBuilder>)
                    g -> g.gateway.client("crm", bad).get("items")));
            b.add(Arguments.of("content type", bad, (Function<PipelineFixture, CallBuilder>)
                    g -> g.client().post("items").body(new byte[1], "text/plain" + bad)));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("callerValues")
    void aControlCharacterInAnyCallerValueIsRefusedBeforeAnythingIsLoggedOrSent(String what, String bad,
                                                                             Function<PipelineFixture, CallBuilder> call) {
        try (LogCapture logs = new LogCapture()) {
            IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> call.apply(f).execute());

            assertThat(e).as(what).isNotNull();
            assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
            assertThat(e.envelope().reason()).isEqualTo(Reasons.INVALID_REQUEST);
            assertThat(e.getMessage()).as("message of " + what).doesNotContain(bad)
                    .matches("[\\x20-\\x7e…]*");
            assertThat(logs.texts()).noneMatch(t -> t.contains("\n") || t.contains("\r") || t.contains("\u2028")
                    || t.contains("\u202e"));
        }
        assertThat(sim.requests()).isEmpty();
    }

    @Test
    void aForgedCorrelationIdInheritedFromTheMdcIsReplacedNotLogged() {
        MDC.put("correlation_id", "abc\r\n2026-12-02 INFO forged");
        try (LogCapture logs = new LogCapture()) {
            f.client().get("items").execute();

            assertThat(logs.texts()).isNotEmpty().noneMatch(t -> t.contains("forged") || t.contains("\n"));
            assertThat(logs.events()).allSatisfy(ev -> assertThat(ev.getMDCPropertyMap()
                    .getOrDefault("correlation_id", "no correlation id on this thread")).matches("[0-9a-f]{16}|no .*"));
        }
        assertThat(sim.requests()).hasSize(1);
    }

    @Test
    void aValidCorrelationIdFromTheMdcIsKept() {
        MDC.put("correlation_id", "req-7f3a:9b");
        try (LogCapture logs = new LogCapture()) {
            f.client().get("items").execute();

            assertThat(logs.events()).filteredOn(ev -> ev.getLoggerName().startsWith("dev.outbound"))
                    .isNotEmpty()
                    .allSatisfy(ev -> assertThat(ev.getMDCPropertyMap()).containsEntry("correlation_id", "req-7f3a:9b"));
        }
    }

    @Test
    void aHeaderValueIsRefusedByNameWithoutQuotingIt() {
        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("items").header("X-Secret-Token", "s3cr3t-v\u00e4lue").execute());

        assertThat(e.getMessage()).contains("X-Secret-Token").contains("a non-ASCII character at position 9 of 12")
                .doesNotContain("s3cr3t");
    }

    @Test
    void aSyncNameThatCouldForgeALogLineOrExplodeTagsIsRefusedEscaped() {
        for (String bad : HOSTILE) {
            assertThatThrownBy(() -> SyncRuns.builder().build().start(AccountKey.of("crm", "acme"), bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sync name must be")
                    .hasMessageNotContaining(bad).hasMessageMatching("[\\x20-\\x7e…]*");
        }
    }

    @Test
    void aFailedRecordIdCannotBreakTheSummaryLine() {
        SyncRun run = SyncRuns.builder().build().start(AccountKey.of("crm", "acme"), "sync-items");
        run.failed("id-1\r\nINFO forged\u2028\u202e", ErrorEnvelope.builder(ErrorCategory.VALIDATION_ERROR)
                .message("bad").build());
        run.close();
        assertThat(run.result().failures()).singleElement()
                .satisfies(r -> assertThat(r.recordId()).doesNotContain("\r", "\n", "\u2028", "\u202e"));
        assertThat(run.result().toString()).doesNotContain("\r", "\n", "\u2028", "\u202e");
    }
}
