package dev.outbound.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbound.gateway.AccountKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitDeclarationsTest {
    private static final AccountKey ACME = AccountKey.of("hubspot", "acme");

    @Test
    void aBandwidthRejectsNonsenseAndNamesTheArgument() {
        assertThatThrownBy(() -> Bandwidth.of(0, Duration.ofSeconds(1))).hasMessageContaining("capacity");
        assertThatThrownBy(() -> Bandwidth.of(10, Duration.ZERO)).hasMessageContaining("refillPeriod");
        assertThatThrownBy(() -> Bandwidth.builder().name("Bad Name").capacity(1).refill(1, Duration.ofSeconds(1))
                .build()).hasMessageContaining("name");
        assertThatThrownBy(() -> Bandwidth.rollingWindow(100, Duration.ofSeconds(10), 100))
                .hasMessageContaining("burst");
    }

    @Test
    void aRollingWindowNeverAdmitsMoreThanTheLimitInOneWindow() {
        Bandwidth b = Bandwidth.rollingWindow(100, Duration.ofSeconds(10), 5);

        assertThat(b.capacity() + b.refillTokens()).as("burst + refill in one window").isEqualTo(100);
        assertThat(b.refill()).isEqualTo(Bandwidth.Refill.GREEDY);
    }

    @Test
    void aSpecRejectsDuplicateBandwidthNamesAndScalesConservatively() {
        assertThatThrownBy(() -> RateLimitSpec.builder().bandwidth(Bandwidth.of(10, Duration.ofSeconds(1)))
                .bandwidth(Bandwidth.of(20, Duration.ofSeconds(1))).build()).hasMessageContaining("unique");

        RateLimitSpec spec = RateLimitSpec.builder().bandwidth(Bandwidth.of(100, Duration.ofSeconds(10)))
                .maxConcurrent(5).build();
        RateLimitSpec third = spec.scaled(1.0 / 3);

        assertThat(third.bandwidths().get(0).capacity()).isEqualTo(33);
        assertThat(third.maxConcurrent()).isEqualTo(1);
        assertThat(spec.scaled(0.01).bandwidths().get(0).capacity()).isEqualTo(1);
    }

    @Test
    void limitsResolveOverrideThenProviderDefaultThenFallback() {
        RateLimitSpec hubspot = RateLimitSpec.builder().maxConcurrent(5).build();
        RateLimitSpec acme = RateLimitSpec.builder().maxConcurrent(1).build();
        RateLimits limits = RateLimits.builder().provider("hubspot", hubspot).customer(ACME, acme)
                .app("hubspot", "public-app", RateLimitSpec.builder().maxConcurrent(50).build())
                .providerApp("hubspot", "public-app").build();

        assertThat(limits.specFor(ACME)).isEqualTo(acme);
        assertThat(limits.specFor(AccountKey.of("hubspot", "globex"))).isEqualTo(hubspot);
        assertThat(limits.specFor(AccountKey.of("netsuite", "acme"))).isEqualTo(RateLimitSpec.unlimited());
        assertThat(limits.appFor(ACME)).hasValueSatisfying(app -> assertThat(app.appId()).isEqualTo("public-app"));
        assertThat(limits.appFor(AccountKey.of("netsuite", "acme"))).isEmpty();
    }

    @Test
    void assigningAnUndeclaredAppFailsAtBuild() {
        assertThatThrownBy(() -> RateLimits.builder().assignToApp(ACME, "nope").build())
                .hasMessageContaining("nope").hasMessageContaining("not declared");
    }
}
