package dev.outbound.gateway.sync;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.OutboundMetrics;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * One sync of one integration for one customer, from {@link SyncRuns#start}: count each record as
 * {@link #succeeded() succeeded}, {@link #failed failed} or {@link #skipped() skipped}, call {@link #complete()} when
 * the source has been read to the end (or {@link #abort} when the run cannot go on), and close it — with
 * try-with-resources, so that a run an exception escaped from still ends, as {@link SyncOutcome#FAILED}.
 *
 * <p>Tell the run how many records the source has for it ({@link #expect}) as soon as the source says (a first
 * page's total count, a query's size): a run that then stops early, halted, aborted or left by an exception, counts
 * the records it never tried as not attempted, and its result adds up to the source's total.
 *
 * <p>Closing computes the outcome, records the meters ({@value OutboundMetrics#SYNC_RUNS},
 * {@value OutboundMetrics#SYNC_RECORDS}, {@value OutboundMetrics#SYNC_DURATION}, ...), logs one line on
 * {@code dev.outbound.sync} (INFO when it succeeded, WARN otherwise, with the customer, the integration, what broke and
 * when the run started) and tells the listeners. Thread-safe: workers may count records concurrently.
 */
public final class SyncRun implements AutoCloseable {
    private final SyncRuns owner;
    private final AccountKey account;
    private final String name;
    private final FailurePolicy policy;
    private final Instant startedAt;
    private final Observation observation;
    private final Counter succeededCounter;
    private final Counter failedCounter;
    private final Counter skippedCounter;
    private final Timer latencyTimer;

    private long succeeded;
    private long failed;
    private long skipped;
    private long expected = -1;
    private final List<FailedRecord> failures = new ArrayList<>();
    private long failuresNotKept;
    private final Map<ErrorCategory, Long> errors = new EnumMap<>(ErrorCategory.class);
    private Duration maxLatency;
    private ErrorEnvelope stopCause;
    private String stopReason = "";
    private boolean completed;
    private boolean stopped;
    private SyncResult result;

    SyncRun(SyncRuns owner, AccountKey account, String name, FailurePolicy policy) {
        this.owner = owner;
        this.account = account;
        this.name = name;
        this.policy = policy;
        this.startedAt = owner.clock().instant();
        MeterRegistry meters = owner.meters();
        Tags tags = Tags.of(OutboundMetrics.TAG_PROVIDER, account.provider(),
                OutboundMetrics.TAG_CUSTOMER, account.customerId(), OutboundMetrics.TAG_SYNC, name);
        // Builders rather than MeterRegistry.counter/timer(String, Tags), overloads only Micrometer 1.16+ has.
        this.succeededCounter = Counter.builder(OutboundMetrics.SYNC_RECORDS)
                .tags(tags.and(OutboundMetrics.TAG_RESULT, OutboundMetrics.RESULT_PROCESSED)).register(meters);
        this.failedCounter = Counter.builder(OutboundMetrics.SYNC_RECORDS)
                .tags(tags.and(OutboundMetrics.TAG_RESULT, OutboundMetrics.RESULT_FAILED)).register(meters);
        this.skippedCounter = Counter.builder(OutboundMetrics.SYNC_RECORDS)
                .tags(tags.and(OutboundMetrics.TAG_RESULT, OutboundMetrics.RESULT_SKIPPED)).register(meters);
        this.latencyTimer = Timer.builder(OutboundMetrics.SYNC_DATA_LATENCY).tags(tags).register(meters);
        this.observation = Observation.createNotStarted(OutboundMetrics.SYNC_OBSERVATION, owner.observations())
                .lowCardinalityKeyValue(OutboundMetrics.TAG_PROVIDER, account.provider())
                .lowCardinalityKeyValue(OutboundMetrics.TAG_CUSTOMER, account.customerId())
                .lowCardinalityKeyValue(OutboundMetrics.TAG_SYNC, name)
                .start();
    }

    public AccountKey account() {
        return account;
    }

    public String name() {
        return name;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** One record written; its data latency is not known. */
    public void succeeded() {
        synchronized (this) {
            checkOpen("succeeded");
            succeeded++;
        }
        succeededCounter.increment();
    }

    /**
     * One record written that changed at the source at {@code sourceChangedAt}: the time from then to now is its data
     * latency.
     */
    public void succeeded(Instant sourceChangedAt) {
        Objects.requireNonNull(sourceChangedAt, "sourceChangedAt");
        Duration latency = Duration.between(sourceChangedAt, owner.clock().instant());
        if (latency.isNegative()) {
            latency = Duration.ZERO;
        }
        synchronized (this) {
            checkOpen("succeeded");
            succeeded++;
            if (maxLatency == null || latency.compareTo(maxLatency) > 0) {
                maxLatency = latency;
            }
        }
        succeededCounter.increment();
        latencyTimer.record(latency);
    }

    /** One record left out on purpose, e.g. by the integration's filter: neither written nor failed. */
    public void skipped() {
        synchronized (this) {
            checkOpen("skipped");
            skipped++;
        }
        skippedCounter.increment();
    }

    /**
     * The source has {@code records} records for this run, counting those already seen. Call it when the source
     * says; call it again if it says more (the last call counts). At close, the records it names that were not
     * counted as succeeded, failed or skipped are {@linkplain SyncResult#notAttempted() not attempted}.
     *
     * @throws IllegalArgumentException if {@code records} is negative
     */
    public synchronized void expect(long records) {
        if (records < 0) {
            throw new IllegalArgumentException("records must not be negative, was " + records);
        }
        checkOpen("expect");
        expected = records;
    }

    /**
     * One record failed. It is kept with its id and envelope while fewer than the bound are kept, and counted in any
     * case.
     *
     * @return whether to go on: {@code false} once the run has halted (policy {@link FailurePolicy#HALT_ON_FIRST_FAILURE})
     */
    public boolean failed(String recordId, ErrorEnvelope envelope) {
        FailedRecord record = new FailedRecord(recordId, envelope);
        synchronized (this) {
            checkOpen("failed");
            failed++;
            errors.merge(envelope.category(), 1L, Long::sum);
            if (failures.size() < owner.maxKeptFailures()) {
                failures.add(record);
            } else {
                failuresNotKept++;
            }
            if (policy == FailurePolicy.HALT_ON_FIRST_FAILURE && !stopped) {
                stopped = true;
                stopCause = envelope;
                stopReason = "halted on the first failed record (" + record.recordId() + "): "
                        + envelope.category().wireName() + reasonOf(envelope);
            }
            failedCounter.increment();
            return !stopped;
        }
    }

    /**
     * The run cannot go on (the source could not be read, the credential was rejected): it ends {@link
     * SyncOutcome#FAILED} with this cause. Records still in flight may be counted afterwards; they do not change the
     * outcome.
     */
    public synchronized void abort(ErrorEnvelope cause) {
        Objects.requireNonNull(cause, "cause");
        checkOpen("abort");
        if (!stopped) {
            stopped = true;
            stopCause = cause;
            stopReason = "aborted: " + cause.category().wireName() + reasonOf(cause);
            errors.merge(cause.category(), 1L, Long::sum);
        }
    }

    /** The source was read to the end: the run may end succeeded or partial. */
    public synchronized void complete() {
        checkOpen("complete");
        completed = true;
    }

    /** Whether the run has halted or been aborted. */
    public synchronized boolean stopped() {
        return stopped;
    }

    /** The run's result; available once it is closed. */
    public synchronized SyncResult result() {
        if (result == null) {
            throw new IllegalStateException("SyncRun.result() called before close() on " + describe());
        }
        return result;
    }

    /** Ends the run: outcome, meters, one log line, listeners. Closing again does nothing. */
    @Override
    public void close() {
        SyncResult r;
        synchronized (this) {
            if (result != null) {
                return;
            }
            Instant now = owner.clock().instant();
            if (!stopped && !completed) {
                stopReason = "ended without complete(): the run stopped early";
            }
            SyncOutcome outcome = stopped || !completed || (succeeded == 0 && failed > 0) ? SyncOutcome.FAILED
                    : failed == 0 ? SyncOutcome.SUCCEEDED : SyncOutcome.PARTIAL;
            long accounted = succeeded + failed + skipped;
            long notAttempted = expected > accounted ? expected - accounted : 0;
            // Read to the end, the run saw every record there was, whether or not it was told how many to expect.
            boolean totalKnown = expected >= 0 || (completed && !stopped);
            r = new SyncResult(account, name, outcome, startedAt, now, succeeded, failed, skipped, notAttempted,
                    totalKnown, failures, failuresNotKept, errors, Optional.ofNullable(maxLatency),
                    Optional.ofNullable(stopCause), stopReason);
            result = r;
        }
        record(r);
        log(r);
        owner.finished(r);
    }

    private void record(SyncResult r) {
        MeterRegistry meters = owner.meters();
        Tags tags = Tags.of(OutboundMetrics.TAG_PROVIDER, account.provider(),
                OutboundMetrics.TAG_CUSTOMER, account.customerId(), OutboundMetrics.TAG_SYNC, name,
                OutboundMetrics.TAG_OUTCOME, r.outcome().wireName());
        Counter.builder(OutboundMetrics.SYNC_RUNS).tags(tags).register(meters).increment();
        if (r.notAttempted() > 0) {
            Counter.builder(OutboundMetrics.SYNC_RECORDS).tags(Tags.of(OutboundMetrics.TAG_PROVIDER, account.provider(),
                    OutboundMetrics.TAG_CUSTOMER, account.customerId(), OutboundMetrics.TAG_SYNC, name,
                    OutboundMetrics.TAG_RESULT, OutboundMetrics.RESULT_NOT_ATTEMPTED)).register(meters)
                    .increment(r.notAttempted());
        }
        Timer.builder(OutboundMetrics.SYNC_DURATION).tags(tags).register(meters).record(r.duration().isNegative()
                ? Duration.ZERO
                : r.duration());
        observation.lowCardinalityKeyValue(KeyValue.of(OutboundMetrics.TAG_OUTCOME, r.outcome().wireName()));
        if (r.outcome() == SyncOutcome.FAILED) {
            observation.error(r.stopCause().<Throwable>map(IntegrationException::new)
                    .orElseGet(() -> new IllegalStateException(r.stopReason())));
        }
        observation.stop();
    }

    private void log(SyncResult r) {
        String[] keys = {"provider", "customer", "operation"};
        String[] previous = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            previous[i] = MDC.get(keys[i]);
        }
        MDC.put("provider", account.provider());
        MDC.put("customer", account.customerId());
        MDC.put("operation", name);
        try {
            if (r.outcome() == SyncOutcome.SUCCEEDED) {
                SyncRuns.log.info("sync {} of {} {} in {} ms{}", name, account, r.summary(), r.duration().toMillis(),
                        r.maxDataLatency().map(d -> ", max data latency " + d.toSeconds() + " s").orElse(""));
            } else {
                StringBuilder what = new StringBuilder();
                r.stopCause().ifPresent(e -> what.append("; cause: ").append(e.summary()));
                if (r.stopCause().isEmpty() && !r.failures().isEmpty()) {
                    FailedRecord first = r.failures().get(0);
                    what.append("; first failed record ").append(first.recordId()).append(": ")
                            .append(first.envelope().summary());
                }
                SyncRuns.log.warn("sync {} of {} {}{} (run started {}, took {} ms)", name, account, r.summary(),
                        what, r.startedAt(), r.duration().toMillis());
            }
        } finally {
            for (int i = 0; i < keys.length; i++) {
                if (previous[i] == null) {
                    MDC.remove(keys[i]);
                } else {
                    MDC.put(keys[i], previous[i]);
                }
            }
        }
    }

    private void checkOpen(String method) {
        if (result != null) {
            throw new IllegalStateException("SyncRun." + method + "() after close() on " + describe());
        }
    }

    private static String reasonOf(ErrorEnvelope e) {
        return e.reason().isEmpty() ? "" : " (" + e.reason() + ")";
    }

    private String describe() {
        return "sync " + name + " of " + account;
    }

    @Override
    public String toString() {
        synchronized (this) {
            return "SyncRun[" + describe() + ", succeeded=" + succeeded + ", failed=" + failed + ", skipped=" + skipped
                    + (expected >= 0 ? ", expected=" + expected : "")
                    + (result == null ? "" : ", " + result.outcome().wireName()) + "]";
        }
    }
}
