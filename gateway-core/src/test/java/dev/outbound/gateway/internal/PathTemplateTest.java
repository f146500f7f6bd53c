package dev.outbound.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PathTemplateTest {

    @Test
    void encodesEverythingButUnreservedCharacters() {
        assertThat(PathTemplate.expand("sobjects/{type}/{id}", "Account", "001/..?x=1#f %"))
                .isEqualTo("sobjects/Account/001%2F..%3Fx%3D1%23f%20%25");
        assertThat(PathTemplate.expand("items/{id}", "ünï\r\n")).isEqualTo("items/%C3%BCn%C3%AF%0D%0A");
        assertThat(PathTemplate.expand("items/{id}", 42L)).isEqualTo("items/42");
    }

    @Test
    void dotSegmentsAndEmptyValuesAreRefused() {
        assertThatThrownBy(() -> PathTemplate.expand("a/{x}/b", "..")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> PathTemplate.expand("a/{x}/b", ".")).hasMessageContaining("'.'");
        assertThatThrownBy(() -> PathTemplate.expand("a/{x}/b", "")).hasMessageContaining("empty");
        assertThatThrownBy(() -> PathTemplate.expand("a/{x}/b", (Object) null)).hasMessageContaining("is null");
    }

    @Test
    void theNumberOfValuesMustMatchThePlaceholders() {
        assertThatThrownBy(() -> PathTemplate.expand("a/{x}/{y}", "1")).hasMessageContaining("needs more than 1");
        assertThatThrownBy(() -> PathTemplate.expand("a/{x}", "1", "2")).hasMessageContaining("2 value(s)");
        assertThatThrownBy(() -> PathTemplate.expand("a/{x", "1")).hasMessageContaining("unclosed");
    }

    @Test
    void queriesAndControlCharactersDoNotBelongInTheTemplate() {
        assertThatThrownBy(() -> PathTemplate.expand("a?b=1")).hasMessageContaining("use query()");
        assertThatThrownBy(() -> PathTemplate.expand("a\nb")).hasMessageContaining("control characters");
    }
}
