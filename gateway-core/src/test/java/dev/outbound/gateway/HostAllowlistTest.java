package dev.outbound.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostAllowlistTest {
    private final HostAllowlist salesforce = HostAllowlist.of("*.my.salesforce.com", "login.salesforce.com");

    @Test
    void wildcardsMatchSubdomainsOnly() {
        assertThat(salesforce.allows("acme.my.salesforce.com")).isTrue();
        assertThat(salesforce.allows("ACME.My.Salesforce.com.")).isTrue();
        assertThat(salesforce.allows("my.salesforce.com")).isFalse();
        assertThat(salesforce.allows("evilmy.salesforce.com")).isFalse();
        assertThat(salesforce.allows("acme.my.salesforce.com.evil.io")).isFalse();
    }

    @Test
    void exactNamesMatchExactly() {
        assertThat(salesforce.allows("login.salesforce.com")).isTrue();
        assertThat(salesforce.allows("xlogin.salesforce.com")).isFalse();
        assertThat(salesforce.allows("")).isFalse();
        assertThat(salesforce.allows(null)).isFalse();
    }

    @Test
    void patternsWithSchemesPortsOrInnerWildcardsAreRefused() {
        assertThatThrownBy(() -> HostAllowlist.of("https://x.com")).hasMessageContaining("invalid host pattern");
        assertThatThrownBy(() -> HostAllowlist.of("x.com:443")).hasMessageContaining("invalid host pattern");
        assertThatThrownBy(() -> HostAllowlist.of("a.*.com")).hasMessageContaining("invalid host pattern");
        assertThatThrownBy(() -> HostAllowlist.of(java.util.List.of())).hasMessageContaining("at least one");
    }
}
