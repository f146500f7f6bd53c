package dev.outbound.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbound.gateway.AccountKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a snapshot is judged: the defaults, and thresholds that can be changed. */
class HealthThresholdsTest {
    static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    static final AccountKey ACME = AccountKey.of("crm", "acme");

    static ActivitySnapshot snapshot(long calls, long failed, String lastOutcome, Instant lastSuccess,
                                     CredentialState credential, String circuit, long backlog) {
        return new ActivitySnapshot(ACME, "sync-accounts", "n", NOW, NOW.minus(Duration.ofDays(2)), calls, failed,
                LocalDate.of(2026, 3, 2), 100, 0, failed > 0 ? Map.of("server_error", failed) : Map.of(),
                Optional.of(NOW.minusSeconds(60)), lastOutcome, lastOutcome + ": 100 processed, 0 failed",
                Optional.ofNullable(lastSuccess), Optional.empty(), Optional.of(NOW.minusSeconds(3600)), credential,
                credential == CredentialState.OK ? "" : "refresh_failed (category=server_error)", "",
                Optional.of(NOW.minusSeconds(120)), circuit, backlog, "", "", "");
    }

    static HealthRow judge(HealthThresholds t, ActivitySnapshot s) {
        return t.evaluate(s, NOW);
    }

    static ActivitySnapshot healthy() {
        return snapshot(1000, 0, "succeeded", NOW.minusSeconds(60), CredentialState.OK, "closed", 0);
    }

    @Test
    void aWorkingIntegrationIsGreen() {
        HealthRow row = judge(HealthThresholds.defaults(), healthy());
        assertThat(row.status()).isEqualTo(HealthStatus.GREEN);
        assertThat(row.reason()).isEqualTo("last sync succeeded");
        assertThat(row.successRate24h()).hasValue(1.0);
    }

    @Test
    void under95PercentIsRedAndUnder99IsYellow() {
        HealthRow red = judge(HealthThresholds.defaults(),
                snapshot(1000, 51, "succeeded", NOW, CredentialState.OK, "closed", 0));
        assertThat(red.status()).isEqualTo(HealthStatus.RED);
        assertThat(red.reason()).isEqualTo("success rate 94.9% over 24h (under 95%), mostly server_error");
        assertThat(red.since()).hasValue(NOW.minusSeconds(3600));

        HealthRow yellow = judge(HealthThresholds.defaults(),
                snapshot(1000, 20, "succeeded", NOW, CredentialState.OK, "closed", 0));
        assertThat(yellow.status()).isEqualTo(HealthStatus.YELLOW);

        HealthRow stricter = judge(HealthThresholds.builder().redBelowSuccessRate(0.99).build(),
                snapshot(1000, 20, "succeeded", NOW, CredentialState.OK, "closed", 0));
        assertThat(stricter.status()).isEqualTo(HealthStatus.RED);
    }

    @Test
    void tooFewCallsSayNothingAboutTheSuccessRate() {
        HealthRow row = judge(HealthThresholds.defaults(),
                snapshot(3, 3, "succeeded", NOW, CredentialState.OK, "closed", 0));
        assertThat(row.successRate24h()).isEmpty();
        assertThat(row.status()).isEqualTo(HealthStatus.GREEN);
    }

    @Test
    void noCompletedSyncWithinTheSlaIsRedAndTheSlaIsPerProvider() {
        ActivitySnapshot stale = snapshot(1000, 0, "succeeded", NOW.minus(Duration.ofHours(7)), CredentialState.OK,
                "closed", 0);
        HealthRow row = judge(HealthThresholds.defaults(), stale);
        assertThat(row.status()).isEqualTo(HealthStatus.RED);
        assertThat(row.reason()).isEqualTo("no successful sync for 7h (SLA 6h)");
        assertThat(judge(HealthThresholds.builder().sla("crm", Duration.ofHours(8)).build(), stale).status())
                .isEqualTo(HealthStatus.GREEN);
    }

    @Test
    void credentialStatesColourTheRow() {
        assertThat(judge(HealthThresholds.defaults(), snapshot(1000, 0, "succeeded", NOW,
                CredentialState.NEEDS_REAUTHORIZATION, "closed", 0)).status()).isEqualTo(HealthStatus.RED);
        HealthRow refresh = judge(HealthThresholds.defaults(), snapshot(1000, 0, "succeeded", NOW,
                CredentialState.REFRESH_FAILING, "closed", 0));
        assertThat(refresh.status()).isEqualTo(HealthStatus.YELLOW);
        assertThat(refresh.reason()).startsWith("credential refresh failing");
    }

    @Test
    void circuitAndBacklogAndPartialSyncsAreShown() {
        assertThat(judge(HealthThresholds.defaults(), snapshot(1000, 0, "succeeded", NOW, CredentialState.OK,
                "open", 0)).reason()).startsWith("circuit open");
        assertThat(judge(HealthThresholds.defaults(), snapshot(1000, 0, "succeeded", NOW, CredentialState.OK,
                "half_open", 0)).status()).isEqualTo(HealthStatus.YELLOW);
        assertThat(judge(HealthThresholds.defaults(), snapshot(1000, 0, "succeeded", NOW, CredentialState.OK,
                "closed", 5000)).reason()).isEqualTo("rate-limit backlog of 5000");
        assertThat(judge(HealthThresholds.defaults(), snapshot(1000, 0, "partial", NOW, CredentialState.OK,
                "closed", 0)).reason()).startsWith("last sync partial");
    }

    @Test
    void settersNameWhatIsWrong() {
        assertThatThrownBy(() -> HealthThresholds.builder().redBelowSuccessRate(1.5))
                .hasMessageContaining("redBelowSuccessRate");
        assertThatThrownBy(() -> HealthThresholds.builder().redBelowSuccessRate(0.99).yellowBelowSuccessRate(0.9)
                .build()).hasMessageContaining("yellowBelowSuccessRate");
        assertThatThrownBy(() -> HealthThresholds.builder().sla("crm", Duration.ZERO)).hasMessageContaining("sla");
    }
}
