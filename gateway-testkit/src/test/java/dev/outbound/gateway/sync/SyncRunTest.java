package dev.outbound.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.OutboundMetrics;
import dev.outbound.gateway.health.HealthMonitor;
import dev.outbound.testkit.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sync run counts every record, keeps failures up to a bound and counts the rest, and reports one outcome. */
class SyncRunTest {
    static final AccountKey ACME = AccountKey.of("crm", "acme");

    final FakeClock clock = new FakeClock();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<SyncResult> told = new ArrayList<>();

    SyncRuns syncs(int maxKept) {
        return SyncRuns.builder().clock(clock).meterRegistry(meters).listener(told::add).maxKeptFailures(maxKept)
                .build();
    }

    static ErrorEnvelope invalid() {
        return ErrorEnvelope.builder(ErrorCategory.VALIDATION_ERROR).reason("invalid_request").httpStatus(400)
                .message("cost center is required").build();
    }

    @Test
    void aRunWithNoFailedRecordSucceedsAndReportsItsDataLatency() {
        try (SyncRun run = syncs(10).start(ACME, "sync-accounts")) {
            clock.advance(Duration.ofSeconds(30));
            run.succeeded(clock.instant().minus(Duration.ofMinutes(4)));
            run.succeeded(clock.instant().minus(Duration.ofMinutes(1)));
            run.complete();
        }
        SyncResult r = told.get(0);
        assertThat(r.outcome()).isEqualTo(SyncOutcome.SUCCEEDED);
        assertThat(r.succeeded()).isEqualTo(2);
        assertThat(r.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.maxDataLatency()).hasValue(Duration.ofMinutes(4));
        assertThat(meters.get(OutboundMetrics.SYNC_RUNS).tag(OutboundMetrics.TAG_OUTCOME, "succeeded")
                .tag(OutboundMetrics.TAG_CUSTOMER, "acme").counter().count()).isEqualTo(1);
        assertThat(meters.get(OutboundMetrics.SYNC_DATA_LATENCY).timer().max(java.util.concurrent.TimeUnit.SECONDS))
                .isEqualTo(240);
        assertThat(meters.get(OutboundMetrics.SYNC_LAST_SUCCESS).gauge().value())
                .isEqualTo(clock.instant().getEpochSecond());
    }

    @Test
    void failedRecordsPastTheBoundAreCountedNotDropped() {
        SyncRun run = syncs(3).start(ACME, "sync-accounts");
        for (int i = 0; i < 10; i++) {
            run.succeeded();
            assertThat(run.failed("rec-" + i, invalid())).isTrue();
        }
        run.complete();
        run.close();
        SyncResult r = run.result();
        assertThat(r.outcome()).isEqualTo(SyncOutcome.PARTIAL);
        assertThat(r.failures()).extracting(FailedRecord::recordId).containsExactly("rec-0", "rec-1", "rec-2");
        assertThat(r.failuresNotKept()).isEqualTo(7);
        assertThat(r.failed()).isEqualTo(10);
        assertThat(r.errorsByCategory()).containsEntry(ErrorCategory.VALIDATION_ERROR, 10L);
        assertThat(r.summary()).isEqualTo("partial: 10 succeeded, 10 failed of 20 (validation_error=10)");
        assertThat(meters.get(OutboundMetrics.SYNC_RECORDS).tag(OutboundMetrics.TAG_RESULT, "failed").counter()
                .count()).isEqualTo(10);
    }

    @Test
    void haltOnFirstFailureStopsTheRunAndFailsIt() {
        try (SyncRun run = syncs(10).start(ACME, "sync-accounts", FailurePolicy.HALT_ON_FIRST_FAILURE)) {
            run.succeeded();
            assertThat(run.failed("42", invalid())).isFalse();
            assertThat(run.stopped()).isTrue();
        }
        SyncResult r = told.get(0);
        assertThat(r.outcome()).isEqualTo(SyncOutcome.FAILED);
        assertThat(r.stopReason()).contains("halted on the first failed record (42)").contains("validation_error");
        assertThat(r.stopCause()).isPresent();
    }

    @Test
    void aRunThatAnExceptionLeftWithoutCompleteEndsFailed() {
        assertThatThrownBy(() -> {
            try (SyncRun run = syncs(10).start(ACME, "sync-accounts")) {
                run.succeeded();
                throw new IllegalStateException("the job crashed");
            }
        }).isInstanceOf(IllegalStateException.class);
        assertThat(told).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(SyncOutcome.FAILED);
            assertThat(r.stopReason()).contains("without complete()");
        });
    }

    @Test
    void anAbortedRunFailsWithItsCauseAndClosingTwiceReportsOnce() {
        SyncRun run = syncs(10).start(ACME, "sync-accounts");
        ErrorEnvelope revoked = ErrorEnvelope.builder(ErrorCategory.AUTH_FAILURE).reason("token_revoked").build();
        run.abort(revoked);
        run.close();
        run.close();
        assertThat(told).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(SyncOutcome.FAILED);
            assertThat(r.stopCause()).hasValue(revoked);
            assertThat(r.errorsByCategory()).containsEntry(ErrorCategory.AUTH_FAILURE, 1L);
        });
        assertThatThrownBy(run::succeeded).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after close()");
    }

    @Test
    void aRunWhereNothingGotThroughFailsEvenIfCompleted() {
        try (SyncRun run = syncs(10).start(ACME, "sync-accounts")) {
            run.failed("1", invalid());
            run.complete();
        }
        assertThat(told.get(0).outcome()).isEqualTo(SyncOutcome.FAILED);
    }

    @Test
    void eachRunIsAnObservationWithBoundedKeysSoTracingGetsASpanPerRun() {
        List<Observation.Context> stopped = new ArrayList<>();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        SyncRuns syncs = SyncRuns.builder().clock(clock).observationRegistry(observations).build();
        try (SyncRun run = syncs.start(ACME, "sync-accounts")) {
            run.failed("7", invalid());
        }
        assertThat(stopped).singleElement().satisfies(c -> {
            assertThat(c.getName()).isEqualTo(OutboundMetrics.SYNC_OBSERVATION);
            assertThat(c.getLowCardinalityKeyValues()).contains(KeyValue.of("customer", "acme"),
                    KeyValue.of("provider", "crm"), KeyValue.of("sync", "sync-accounts"),
                    KeyValue.of("outcome", "failed"));
            assertThat(c.getError()).isNotNull();
        });
    }

    @Test
    void namesThatWouldMakeUnboundedTagsAreRejected() {
        assertThatThrownBy(() -> syncs(1).start(ACME, "x".repeat(65))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1-64");
        assertThatThrownBy(() -> SyncRuns.builder().maxKeptFailures(-1)).hasMessageContaining("maxKeptFailures");
    }

    // Regression tests for "a sync that stops early says nothing about the records it never tried": the demo's
    // hooli/erp run reported 99 processed and 51 failed, and not that 150 of its 300 records were never tried.

    static ErrorEnvelope serverError() {
        return ErrorEnvelope.builder(ErrorCategory.SERVER_ERROR).reason("http_status").httpStatus(503).build();
    }

    static ErrorEnvelope circuitOpen() {
        return ErrorEnvelope.builder(ErrorCategory.SERVER_ERROR).reason("circuit_open").build();
    }

    @Test
    void anAbortedRunCountsTheRecordsItNeverTriedAsNotAttempted() {
        HealthMonitor monitor = HealthMonitor.builder().clock(clock).build();
        SyncRuns syncs = SyncRuns.builder().clock(clock).meterRegistry(meters).listener(told::add).listener(monitor)
                .build();
        AccountKey hooli = AccountKey.of("erp", "hooli");
        try (SyncRun run = syncs.start(hooli, "sync-records")) {
            run.expect(300);
            for (int i = 1; i <= 150; i++) {
                if (i < 100) {
                    run.succeeded();
                } else {
                    run.failed(String.valueOf(i), serverError());
                }
            }
            run.abort(circuitOpen());
        }
        SyncResult r = told.get(0);
        assertThat(r.succeeded()).isEqualTo(99);
        assertThat(r.failed()).isEqualTo(51);
        assertThat(r.notAttempted()).isEqualTo(150);
        assertThat(r.total()).isEqualTo(300);
        assertThat(r.summary()).startsWith("failed: 99 succeeded, 51 failed, 150 not attempted of 300 (server_error=52)"
                + "; aborted: server_error (circuit_open)");
        assertThat(r.toString()).contains("150 not attempted of 300").doesNotContain("FailedRecord");
        assertThat(monitor.rows()).singleElement().satisfies(row ->
                assertThat(row.reasons()).anyMatch(reason -> reason.contains("150 not attempted of 300")));
        assertThat(meters.get(OutboundMetrics.SYNC_RECORDS).tag(OutboundMetrics.TAG_RESULT, "not_attempted")
                .tag(OutboundMetrics.TAG_CUSTOMER, "hooli").counter().count()).isEqualTo(150);
    }

    @Test
    void aHaltedRunCountsTheRecordsAfterTheFailureAsNotAttempted() {
        try (SyncRun run = syncs(10).start(ACME, "sync-accounts", FailurePolicy.HALT_ON_FIRST_FAILURE)) {
            run.expect(100);
            for (int i = 0; i < 10; i++) {
                run.succeeded();
            }
            run.failed("10", invalid());
        }
        SyncResult r = told.get(0);
        assertThat(r.notAttempted()).isEqualTo(89);
        assertThat(r.total()).isEqualTo(100);
        assertThat(r.summary()).startsWith("failed: 10 succeeded, 1 failed, 89 not attempted of 100");
    }

    @Test
    void aRunAnExceptionEscapedFromCountsTheRestAsNotAttempted() {
        assertThatThrownBy(() -> {
            try (SyncRun run = syncs(10).start(ACME, "sync-accounts")) {
                run.expect(50);
                run.succeeded();
                run.skipped();
                throw new IllegalStateException("the job crashed");
            }
        }).isInstanceOf(IllegalStateException.class);
        assertThat(told).singleElement().satisfies(r -> {
            assertThat(r.notAttempted()).isEqualTo(48);
            assertThat(r.summary()).startsWith("failed: 1 succeeded, 0 failed, 1 skipped, 48 not attempted of 50");
        });
    }

    @Test
    void aRunThatStoppedBeforeItLearntTheTotalSaysTheTotalIsUnknown() {
        try (SyncRun run = syncs(10).start(ACME, "sync-accounts")) {
            run.abort(ErrorEnvelope.builder(ErrorCategory.AUTH_FAILURE).reason("token_revoked").build());
        }
        SyncResult r = told.get(0);
        assertThat(r.totalKnown()).isFalse();
        assertThat(r.summary()).startsWith("failed: 0 succeeded, 0 failed of an unknown total, the rest not attempted");
    }

    @Test
    void skippedRecordsAreAccountedForAndACompleteRunNeedsNoExpectedTotal() {
        try (SyncRun run = syncs(10).start(ACME, "sync-accounts")) {
            for (int i = 0; i < 300; i++) {
                if (i % 25 == 0) {
                    run.skipped();
                } else {
                    run.succeeded();
                }
            }
            run.complete();
        }
        SyncResult r = told.get(0);
        assertThat(r.outcome()).isEqualTo(SyncOutcome.SUCCEEDED);
        assertThat(r.skipped()).isEqualTo(12);
        assertThat(r.notAttempted()).isZero();
        assertThat(r.summary()).isEqualTo("succeeded: 288 succeeded, 0 failed, 12 skipped of 300");
    }
}
