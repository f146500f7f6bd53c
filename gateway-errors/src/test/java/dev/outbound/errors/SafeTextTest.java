package dev.outbound.errors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {
    @Test
    void quotingEscapesEverythingALogLineCouldBeForgedWith() {
        String quoted = SafeText.quote("c\r\nINFO forged\u2028\u202e\\");

        assertThat(quoted).isEqualTo("'c\\u000d\\u000aINFO forged\\u2028\\u202e\\u005c'");
        assertThat(quoted.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    @Test
    void longValuesAreCutAndTheirLengthSaid() {
        assertThat(SafeText.quote("x".repeat(1000))).isEqualTo("'" + "x".repeat(40) + "…(1000 chars)'");
        assertThat(SafeText.quote(null)).isEqualTo("null");
    }

    @Test
    void theFirstUnprintableCharacterIsNamedByKindAndPosition() {
        assertThat(SafeText.firstUnprintable("ab\rc")).isEqualTo("a control character (U+000D) at position 3 of 4");
        assertThat(SafeText.firstUnprintable("café")).isEqualTo("a non-ASCII character (U+00E9) at position 4 of 4");
        assertThat(SafeText.firstUnprintable("fine-value")).isEmpty();
        assertThat(SafeText.kind('\u00e9')).isEqualTo("a non-ASCII character");
    }

    @Test
    void escapingLineBreakingCharactersKeepsOtherTextWhole() {
        assertThat(SafeText.escapeLineBreaking("Café\r\nINFO x\u2028\u202e" + "y".repeat(100)))
                .isEqualTo("Café\\r\\nINFO x\\u2028\\u202e" + "y".repeat(100));
        String clean = "nothing to do";
        assertThat(SafeText.escapeLineBreaking(clean)).isSameAs(clean);
    }
}
