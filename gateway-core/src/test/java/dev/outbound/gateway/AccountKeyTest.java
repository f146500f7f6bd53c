package dev.outbound.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AccountKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {"acme", "ACME-01", "a.b_c-d@e+f", "0"})
    void acceptsOrdinaryCustomerIds(String id) {
        assertThat(AccountKey.of("salesforce", id).customerId()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../x", "a/b", "a\\b", "a b", "a\nb", "a\u0000b", "-lead", "é"})
    void refusesIdsThatCouldEscapeAPathOrForgeALogLine(String id) {
        assertThatThrownBy(() -> AccountKey.of("salesforce", id)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid customerId");
    }

    @Test
    void refusesOverlongIdsWithoutEchoingThemWhole() {
        String id = "a".repeat(129);
        assertThatThrownBy(() -> AccountKey.of("salesforce", id)).hasMessageContaining("…(129 chars)");
        assertThat(AccountKey.of("salesforce", "a".repeat(128)).customerId()).hasSize(128);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Salesforce", "1sap", "sap/x", "", "abcdefghijabcdefghijabcdefghijabc"})
    void refusesInvalidProviderIds(String provider) {
        assertThatThrownBy(() -> AccountKey.of(provider, "acme")).hasMessageStartingWith("invalid provider id");
    }

    @Test
    void printsAsCustomerSlashProvider() {
        assertThat(AccountKey.of("hubspot", "acme")).hasToString("acme/hubspot");
    }
}
