package dev.outbound.gateway.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.health.HealthMonitor;
import dev.outbound.gateway.health.HealthThresholds;
import dev.outbound.gateway.spi.CallListener.CallInfo;
import dev.outbound.gateway.sync.SyncRun;
import dev.outbound.gateway.sync.SyncRuns;
import dev.outbound.testkit.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Alert rules with hysteresis, on a fake clock: never on a single 429, a single validation error or a blip shorter
 * than five minutes; once on a sustained condition; one recovery; no flapping.
 */
class AlertsWithoutNoiseTest {
    static final AccountKey ACME = AccountKey.of("crm", "acme");

    final FakeClock clock = new FakeClock();
    final List<AlertEvent> events = new ArrayList<>();
    final HealthMonitor monitor = HealthMonitor.builder().clock(clock).alertSink(events::add)
            .thresholds(HealthThresholds.builder().defaultSla(Duration.ofHours(6)).build()).build();

    /** One simulated minute of traffic: {@code ok} good calls and {@code failed} of the category, then a tick. */
    void minute(int ok, int failed, ErrorCategory category, String reason) {
        for (int i = 0; i < ok; i++) {
            monitor.callEnd(call(), Duration.ofMillis(100));
        }
        for (int i = 0; i < failed; i++) {
            monitor.callFailed(call(), ErrorEnvelope.builder(category).reason(reason).httpStatus(status(category))
                    .attempt(1, 3).build(), Duration.ofMillis(100));
        }
        clock.advance(Duration.ofMinutes(1));
        monitor.evaluate();
    }

    void healthyMinutes(int n) {
        for (int i = 0; i < n; i++) {
            minute(20, 0, ErrorCategory.SERVER_ERROR, "");
        }
    }

    void outageMinutes(int n) {
        for (int i = 0; i < n; i++) {
            minute(2, 18, ErrorCategory.SERVER_ERROR, Reasons.HTTP_STATUS);
        }
    }

    /** A call the sync {@code sync-accounts} makes. */
    CallInfo call() {
        return new CallInfo(ACME, "sync-accounts", "read-accounts", "c-1", clock.instant());
    }

    static int status(ErrorCategory c) {
        return switch (c) {
            case RATE_LIMITED -> 429;
            case VALIDATION_ERROR -> 400;
            case AUTH_FAILURE -> 401;
            default -> 503;
        };
    }

    List<String> described() {
        return events.stream().map(e -> e.type() + " " + e.rule()).toList();
    }

    @Test
    void neverFiresOnASingle429() {
        healthyMinutes(5);
        minute(19, 1, ErrorCategory.RATE_LIMITED, Reasons.QUOTA_EXHAUSTED);
        healthyMinutes(60);
        assertThat(events).isEmpty();
    }

    @Test
    void neverFiresOnASingleValidationError() {
        minute(0, 1, ErrorCategory.VALIDATION_ERROR, Reasons.INVALID_REQUEST);
        for (int i = 0; i < 30; i++) {
            minute(0, 0, ErrorCategory.SERVER_ERROR, "");
        }
        assertThat(events).isEmpty();
    }

    @Test
    void neverFiresOnAProviderBlipShorterThanFiveMinutes() {
        healthyMinutes(10);
        outageMinutes(4);
        healthyMinutes(60);
        assertThat(events).isEmpty();
    }

    @Test
    void firesOnceOnASustainedOutageAndRecoversOnceAfterItHasStayedClear() {
        healthyMinutes(10);
        outageMinutes(6);
        assertThat(described()).containsExactly("FIRING " + AlertRules.SUCCESS_RATE_LOW);
        // Dated from the first failed call, not from the evaluation that noticed it.
        assertThat(events.get(0).since()).isBetween(clock.instant().minus(Duration.ofMinutes(6)),
                clock.instant().minus(Duration.ofMinutes(5)));

        outageMinutes(30);
        healthyMinutes(9);
        assertThat(described()).as("still firing, no second event, not yet recovered")
                .containsExactly("FIRING " + AlertRules.SUCCESS_RATE_LOW);
        healthyMinutes(2);
        assertThat(described()).containsExactly("FIRING " + AlertRules.SUCCESS_RATE_LOW,
                "RECOVERED " + AlertRules.SUCCESS_RATE_LOW);
        assertThat(events.get(1).key()).isEqualTo(events.get(0).key());
    }

    @Test
    void aFlappingSignalRaisesOneAlertAndOneRecoveryNotOnePerFlap() {
        outageMinutes(6);
        for (int i = 0; i < 10; i++) {
            healthyMinutes(2);
            outageMinutes(1);
        }
        assertThat(described()).containsExactly("FIRING " + AlertRules.SUCCESS_RATE_LOW);
        healthyMinutes(11);
        assertThat(described()).containsExactly("FIRING " + AlertRules.SUCCESS_RATE_LOW,
                "RECOVERED " + AlertRules.SUCCESS_RATE_LOW);
    }

    @Test
    void quietMinutesBetweenFailingSyncsNeitherClearNorConfirmTheCondition() {
        outageMinutes(1);
        for (int i = 0; i < 14; i++) {
            minute(0, 0, ErrorCategory.SERVER_ERROR, "");
        }
        assertThat(events).isEmpty();
        outageMinutes(1);
        assertThat(described()).containsExactly("FIRING " + AlertRules.SUCCESS_RATE_LOW);
    }

    @Test
    void authFailureAfterRefreshFiresOnceAndSilencesTheStaleAndSpikeAlertsItCauses() {
        healthyMinutes(120);
        for (int i = 0; i < 8 * 60; i++) {
            // Every call is rejected even after the refresh: attempt 2 of 3.
            for (int j = 0; j < 20; j++) {
                monitor.callFailed(call(), ErrorEnvelope.builder(ErrorCategory.AUTH_FAILURE)
                        .reason(Reasons.TOKEN_EXPIRED).httpStatus(401).attempt(2, 3).build(), Duration.ZERO);
            }
            clock.advance(Duration.ofMinutes(1));
            monitor.evaluate();
        }
        // Eight hours without a sync and a 100% error rate: only the root cause is raised.
        assertThat(described()).containsExactly("FIRING " + AlertRules.AUTH_AFTER_REFRESH);
        assertThat(events.get(0).summary()).contains("re-authorize");

        // The customer re-authorizes; the next sync goes through.
        try (SyncRun run = SyncRuns.builder().clock(clock).listener(monitor).build().start(ACME, "sync-accounts")) {
            run.succeeded();
            run.complete();
        }
        minute(20, 0, ErrorCategory.SERVER_ERROR, "");
        assertThat(described()).containsExactly("FIRING " + AlertRules.AUTH_AFTER_REFRESH,
                "RECOVERED " + AlertRules.AUTH_AFTER_REFRESH);
    }

    @Test
    void anErrorRateSpikeOfThreeTimesTheBaselineFiresWhenSustained() {
        // Baseline: 1 record-level error in 50 calls (2%); then 10 in 50 (20%) for 10 minutes.
        for (int i = 0; i < 120; i++) {
            minute(49, 1, ErrorCategory.VALIDATION_ERROR, Reasons.INVALID_REQUEST);
        }
        assertThat(events).isEmpty();
        for (int i = 0; i < 4; i++) {
            minute(40, 10, ErrorCategory.VALIDATION_ERROR, Reasons.INVALID_REQUEST);
        }
        assertThat(events).isEmpty();
        for (int i = 0; i < 6; i++) {
            minute(40, 10, ErrorCategory.VALIDATION_ERROR, Reasons.INVALID_REQUEST);
        }
        assertThat(described()).containsExactly("FIRING " + AlertRules.ERROR_SPIKE);
    }

    @Test
    void noSuccessfulSyncWithinTheSlaFiresOnceWhenTheWindowPasses() {
        monitor.callEnd(call(), Duration.ZERO);
        for (int i = 0; i < 6 * 60; i++) {
            clock.advance(Duration.ofMinutes(1));
            monitor.evaluate();
        }
        assertThat(events).isEmpty();
        for (int i = 0; i < 60; i++) {
            clock.advance(Duration.ofMinutes(1));
            monitor.evaluate();
        }
        assertThat(described()).containsExactly("FIRING " + AlertRules.SYNC_STALE);
    }

    @Test
    void callsOutsideAnySyncNeverRaiseTheStaleSyncAlert() {
        monitor.callEnd(new CallInfo(ACME, "read-limits", "c-2", clock.instant()), Duration.ZERO);
        for (int i = 0; i < 8 * 60; i++) {
            clock.advance(Duration.ofMinutes(1));
            monitor.evaluate();
        }
        assertThat(events).isEmpty();
    }

    @Test
    void aRateLimitBacklogFiresOnlyWhenItKeepsGrowing() {
        long backlog = 100;
        for (int i = 0; i < 9; i++) {
            monitor.recordBacklog(ACME, backlog += 50);
            clock.advance(Duration.ofMinutes(1));
            monitor.evaluate();
        }
        monitor.recordBacklog(ACME, 50);
        clock.advance(Duration.ofMinutes(1));
        monitor.evaluate();
        assertThat(events).as("it drained before 10 minutes").isEmpty();

        for (int i = 0; i < 12; i++) {
            monitor.recordBacklog(ACME, backlog += 50);
            clock.advance(Duration.ofMinutes(1));
            monitor.evaluate();
        }
        assertThat(described()).containsExactly("FIRING " + AlertRules.BACKLOG_GROWING);
    }
}
