package dev.outbound.gateway.pipeline;

import static dev.outbound.testkit.Responses.json;
import static dev.outbound.testkit.Responses.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Redactor;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.testkit.SimulatedProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A provider that echoes the credential back in an error body, in any field or shape, does not get it into the
 * envelope, the exception, its stack trace or a log line: the account's exact credential values are removed wherever
 * they appear. Regression for an API key echoed in a 401 body reaching the envelope, the log and stack traces.
 */
class CredentialEchoRedactionTest {
    private static final String KEY = "ak_live_9b1f2e7a3c5d";
    private SimulatedProvider sim;
    private PipelineFixture f;

    @BeforeEach
    void start() {
        sim = SimulatedProvider.start();
        f = new PipelineFixture(sim);
        f.store.put(AccountKey.of("crm", "keyed"), Credential.ApiKey.header("X-Api-Key", KEY));
    }

    @AfterEach
    void stop() {
        f.close();
        sim.close();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {400, 401, 403, 404, 422, 500})
    void anEchoedKeyIsRemovedFromEnvelopeExceptionStackTraceAndLogs(int status) {
        sim.on("GET", "/api/plain").respond(text(status, "Invalid API key " + KEY + " for this tenant"));
        sim.on("GET", "/api/json").respond(json(status, "{\"message\":\"key '" + KEY + "' is not valid\","
                + "\"detail\":{\"hint\":\"" + URLEncoder.encode(KEY + "/x", StandardCharsets.UTF_8) + "\"}}"));
        List<String> texts = new ArrayList<>();
        try (LogCapture logs = new LogCapture()) {
            for (String path : List.of("plain", "json")) {
                IntegrationException e = catchThrowableOfType(IntegrationException.class,
                        () -> f.gateway.client("crm", "keyed").get(path).execute());
                texts.add(e.getMessage());
                texts.add(e.toString());
                texts.add(e.envelope().toString());
                texts.add(e.envelope().rawError());
                texts.add(e.envelope().message());
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                texts.add(trace.toString());
                assertThat(e.envelope().rawError() + e.envelope().message()).contains(Redactor.REDACTED);
            }
            texts.addAll(logs.texts());
        }
        assertThat(sim.requests()).allSatisfy(r -> assertThat(r.header("X-Api-Key")).contains(KEY));
        assertThat(texts).isNotEmpty().noneMatch(t -> t != null && t.contains(KEY))
                .noneMatch(t -> t != null && t.contains(KEY.substring(0, 12)));
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {401, 500})
    void anEchoedBearerTokenIsRemovedToo(int status) {
        sim.on("GET", "/api/items").respond(text(status, "token " + PipelineFixture.TOKEN + " rejected"));

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> f.client().get("items").execute());

        assertThat(e.getMessage() + e.envelope().rawError()).doesNotContain(PipelineFixture.TOKEN)
                .contains(Redactor.REDACTED);
    }
}
