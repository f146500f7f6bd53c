package dev.outbound.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorExtensionFieldTest {

    @RegisterExtension
    final SimulatorExtension simulator = new SimulatorExtension();

    @Test
    void exposesTheCurrentTestsSimulatorAndClock(SimulatedProvider sim, FakeClock clock) {
        assertThat(simulator.provider()).isSameAs(sim);
        assertThat(simulator.clock()).isSameAs(clock);
    }
}
