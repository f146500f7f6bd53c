package dev.outbound.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigProblemTest {
    @Test
    void aDocumentCannotForgeTheLogLineThatRejectsIt() {
        ConfigProblem p = new ConfigProblem("acme\r\n2026-12-02 INFO config accepted", "configs/acme\u2028x.json",
                "$.mappings[0]", "expected a string, found 'a\nb'");

        assertThat(p.toString()).doesNotContain("\r", "\n", "\u2028")
                .contains("acme\\r\\n2026-12-02 INFO config accepted").contains("'a\\nb'");
    }
}
