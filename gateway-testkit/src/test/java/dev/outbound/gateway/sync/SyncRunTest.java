package dev.outbound.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.OutboundMetrics;
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
            run.processed(clock.instant().minus(Duration.ofMinutes(4)));
            run.processed(clock.instant().minus(Duration.ofMinutes(1)));
            run.complete();
        }
        SyncResult r = told.get(0);
        assertThat(r.outcome()).isEqualTo(SyncOutcome.SUCCEEDED);
        assertThat(r.processed()).isEqualTo(2);
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
            run.processed();
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
        assertThat(r.summary()).isEqualTo("partial: 10 processed, 10 failed (validation_error=10)");
        assertThat(meters.get(OutboundMetrics.SYNC_RECORDS).tag(OutboundMetrics.TAG_RESULT, "failed").counter()
                .count()).isEqualTo(10);
    }

    @Test
    void haltOnFirstFailureStopsTheRunAndFailsIt() {
        try (SyncRun run = syncs(10).start(ACME, "sync-accounts", FailurePolicy.HALT_ON_FIRST_FAILURE)) {
            run.processed();
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
                run.processed();
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
        assertThatThrownBy(run::processed).isInstanceOf(IllegalStateException.class)
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
}
