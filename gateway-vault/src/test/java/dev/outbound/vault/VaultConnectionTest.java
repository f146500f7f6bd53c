package dev.outbound.vault;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The check that a Spring Vault line is paired with the Spring Framework line it runs on. */
class VaultConnectionTest {

    @Test
    void springVault4OnSpringFramework6FailsNamingTheVersionToDependOn() {
        assertThatThrownBy(() -> VaultConnection.requireMatchingSpringLines("4.0.4", "6.2.12"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Spring Vault 4.0.4 needs Spring Framework 7.x")
                .hasMessageContaining("6.2.12")
                .hasMessageContaining("spring-vault-core 3.x");
    }

    @Test
    void springVault3OnSpringFramework7FailsNamingTheVersionToDependOn() {
        assertThatThrownBy(() -> VaultConnection.requireMatchingSpringLines("3.2.0", "7.0.3"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs Spring Framework 6.x")
                .hasMessageContaining("on 4.x");
    }

    @Test
    void matchingLinesAndUnreadableVersionsPass() {
        assertThatCode(() -> {
            VaultConnection.requireMatchingSpringLines("3.2.0", "6.2.12");
            VaultConnection.requireMatchingSpringLines("4.0.4", "7.0.3");
            VaultConnection.requireMatchingSpringLines(null, "7.0.3");
            VaultConnection.requireMatchingSpringLines("4.0.4", null);
        }).doesNotThrowAnyException();
    }
}
