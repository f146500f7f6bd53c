package dev.outbound.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

class SimulatorExtensionTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void accessorsOutsideATestSayWhy() {
        SimulatorExtension extension = new SimulatorExtension();

        assertThatThrownBy(extension::provider).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no test is running");
    }

    @Test
    void eachTestGetsItsOwnSimulatorWhichIsClosedAfterTheTest() {
        Scenario.SEEN.clear();

        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(Scenario.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(2));

        assertThat(Scenario.SEEN).hasSize(2);
        assertThat(Scenario.SEEN.get(0)).isNotEqualTo(Scenario.SEEN.get(1));
        for (URI url : Scenario.SEEN) {
            assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()))
                    .as("simulator at %s should be closed", url)
                    .isInstanceOf(IOException.class);
        }
    }

    /** Run only through the engine test kit above (Surefire skips nested classes); records the URL each test saw. */
    @ExtendWith(SimulatorExtension.class)
    static class Scenario {

        static final List<URI> SEEN = new CopyOnWriteArrayList<>();

        @Test
        void first(SimulatedProvider sim) {
            SEEN.add(sim.url("/"));
        }

        @Test
        void second(SimulatedProvider sim) {
            SEEN.add(sim.url("/"));
        }
    }
}
