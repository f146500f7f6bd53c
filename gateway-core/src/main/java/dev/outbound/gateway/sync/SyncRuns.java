package dev.outbound.gateway.sync;

import dev.outbound.errors.SafeText;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.OutboundMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts {@link SyncRun}s and owns what they share: the clock, the meter registry (and observation registry, for a
 * span per run when tracing is set up), the listeners told of each result (health), and the bound on failed records
 * kept per run. Build one per application. Thread-safe.
 */
public final class SyncRuns {
    private static final Pattern SYNC_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    static final Logger log = LoggerFactory.getLogger("dev.outbound.sync");

    private final Clock clock;
    private final MeterRegistry meters;
    private final ObservationRegistry observations;
    private final List<SyncListener> listeners;
    private final int maxKeptFailures;
    private final ConcurrentMap<List<String>, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

    private SyncRuns(Builder b) {
        this.clock = b.clock;
        this.meters = b.meters != null ? b.meters : new SimpleMeterRegistry();
        this.observations = b.observations;
        this.listeners = List.copyOf(b.listeners);
        this.maxKeptFailures = b.maxKeptFailures;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a run that skips failed records. */
    public SyncRun start(AccountKey account, String name) {
        return start(account, name, FailurePolicy.SKIP_FAILED_RECORDS);
    }

    /**
     * Starts a run of the sync {@code name} for {@code account}.
     *
     * @param name the sync's name, e.g. {@code sync-accounts}; a metric tag and part of every log line of the run, so
     *     one of a small fixed set: 1-64 of letters, digits and {@code . _ : -}
     * @throws IllegalArgumentException if the name is not such a name (the message quotes it escaped)
     */
    public SyncRun start(AccountKey account, String name, FailurePolicy policy) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(policy, "policy");
        if (name == null || !SYNC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("sync name must be 1-64 characters of letters, digits and . _ : -, was "
                    + SafeText.quote(name));
        }
        return new SyncRun(this, account, name, policy);
    }

    Clock clock() {
        return clock;
    }

    MeterRegistry meters() {
        return meters;
    }

    ObservationRegistry observations() {
        return observations;
    }

    int maxKeptFailures() {
        return maxKeptFailures;
    }

    void finished(SyncResult result) {
        if (result.outcome().completed()) {
            lastSuccess.computeIfAbsent(List.of(result.account().provider(), result.account().customerId(),
                    result.name()), k -> {
                        AtomicLong epoch = new AtomicLong();
                        Gauge.builder(OutboundMetrics.SYNC_LAST_SUCCESS, epoch, AtomicLong::get)
                                .description("epoch seconds of the last completed sync")
                                .baseUnit("seconds")
                                .tags(OutboundMetrics.TAG_PROVIDER, k.get(0), OutboundMetrics.TAG_CUSTOMER, k.get(1),
                                        OutboundMetrics.TAG_SYNC, k.get(2))
                                .register(meters);
                        return epoch;
                    }).set(result.finishedAt().getEpochSecond());
        }
        for (SyncListener l : listeners) {
            try {
                l.syncFinished(result);
            } catch (RuntimeException e) {
                log.warn("sync listener {} failed (ignored): {}", l, e.toString());
            }
        }
    }

    /** Builds {@link SyncRuns}. Not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private MeterRegistry meters;
        private ObservationRegistry observations = ObservationRegistry.NOOP;
        private final List<SyncListener> listeners = new ArrayList<>();
        private int maxKeptFailures = 100;

        private Builder() {
        }

        /** The clock of start, finish and data-latency times; the gateway's clock, normally. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where run, record and latency meters go; a {@link SimpleMeterRegistry} when not set. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meters = Objects.requireNonNull(registry, "meterRegistry");
            return this;
        }

        /** An observation registry: each run becomes an {@value OutboundMetrics#SYNC_OBSERVATION} observation. */
        public Builder observationRegistry(ObservationRegistry registry) {
            this.observations = Objects.requireNonNull(registry, "observationRegistry");
            return this;
        }

        /** Adds a listener told of each run's result, e.g. a {@code HealthMonitor}. */
        public Builder listener(SyncListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** How many failed records a run keeps with their envelopes (the rest are counted); default 100. */
        public Builder maxKeptFailures(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxKeptFailures must not be negative, was " + max);
            }
            this.maxKeptFailures = max;
            return this;
        }

        public SyncRuns build() {
            return new SyncRuns(this);
        }
    }
}
