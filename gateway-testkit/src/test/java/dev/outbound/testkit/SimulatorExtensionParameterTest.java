package dev.outbound.testkit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SimulatorExtension.class)
class SimulatorExtensionParameterTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private SimulatedProvider fromBeforeEach;
    private FakeClock clockFromBeforeEach;

    @BeforeEach
    void capture(SimulatedProvider sim, FakeClock clock) {
        fromBeforeEach = sim;
        clockFromBeforeEach = clock;
    }

    @Test
    void givesTheTestARunningSimulatorAndAFakeClock(SimulatedProvider sim, FakeClock clock) throws Exception {
        sim.on("GET", "/ping").respond(Responses.text(200, "pong"));

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(sim.url("/ping")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo("pong");
        assertThat(clock.instant()).isEqualTo(FakeClock.DEFAULT_START);
    }

    @Test
    void givesTheSameInstancesToBeforeEachAndTheTest(SimulatedProvider sim, FakeClock clock) {
        assertThat(sim).isSameAs(fromBeforeEach);
        assertThat(clock).isSameAs(clockFromBeforeEach);
    }
}
