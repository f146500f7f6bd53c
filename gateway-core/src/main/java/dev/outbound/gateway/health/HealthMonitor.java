package dev.outbound.gateway.health;

import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.OutboundMetrics;
import dev.outbound.gateway.alerts.AlertEngine;
import dev.outbound.gateway.alerts.AlertEvent;
import dev.outbound.gateway.alerts.AlertRules;
import dev.outbound.gateway.alerts.Signals;
import dev.outbound.gateway.credentials.AuthEvent;
import dev.outbound.gateway.credentials.AuthEventListener;
import dev.outbound.gateway.spi.AlertSink;
import dev.outbound.gateway.spi.CallListener;
import dev.outbound.gateway.spi.HealthStore;
import dev.outbound.gateway.sync.SyncListener;
import dev.outbound.gateway.sync.SyncResult;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Watches every integration's health on this node, one row per customer per integration: a call counts towards the
 * integration it names ({@code CallBuilder.integration} or {@code IntegrationClient.integration}, e.g. the running
 * sync's name), a sync run towards its own name, and a call that names none towards the account's row of calls outside
 * any integration. The credential and the circuit are the account's, so they show on every integration of it; a
 * reported rate-limit backlog shows on the account's row of calls outside any integration.
 * {@link HealthView#accountRows()} rolls the rows up per customer per provider.
 *
 * <p> Register it with the gateway
 * ({@code IntegrationGateway.Builder.callListener}), with {@code SyncRuns} ({@code listener}) and for auth events
 * ({@code authEventListener}); call {@link #watch} with the built gateway for circuit states. The call path only bumps
 * counters in memory. {@link #evaluate()} — every minute from {@link #startEvaluating}, or by hand on a test clock —
 * publishes this node's snapshots to the {@link HealthStore}, updates the health gauges, logs each change of an
 * integration's colour on {@code dev.outbound.health} (with the reason and since when), and runs the alert rules.
 *
 * <p>Alerts are judged from what this node saw; in a cluster, send them from one node, or dedupe downstream by
 * {@link AlertEvent#key()}. Thread-safe.
 */
public final class HealthMonitor implements CallListener, SyncListener, AuthEventListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("dev.outbound.health");

    private final Clock clock;
    private final HealthThresholds thresholds;
    private final HealthStore store;
    private final String node;
    private final MeterRegistry meters;
    private final AlertRules rules;
    private final AlertEngine alerts;
    private final ConcurrentMap<List<Object>, AccountTracker> trackers = new ConcurrentHashMap<>();
    private final ConcurrentMap<AccountKey, CredentialTracker> credentials = new ConcurrentHashMap<>();
    private final Map<List<Object>, HealthStatus> lastStatus = new HashMap<>();
    private final Map<AccountKey, double[]> gauges = new HashMap<>();
    private volatile Function<AccountKey, String> circuits = k -> "unknown";
    private ScheduledExecutorService scheduler;

    private HealthMonitor(Builder b) {
        this.clock = b.clock;
        this.thresholds = b.thresholds;
        this.store = b.store;
        this.node = b.node;
        this.meters = b.meters != null ? b.meters : new SimpleMeterRegistry();
        this.rules = b.rules;
        this.alerts = new AlertEngine(rules.rules(), b.sinks, meters);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads circuit states from this gateway from now on. */
    public void watch(IntegrationGateway gateway) {
        Objects.requireNonNull(gateway, "gateway");
        circuits = k -> switch (gateway.circuitState(k.provider(), k.customerId())) {
            case OPEN, FORCED_OPEN -> "open";
            case HALF_OPEN -> "half_open";
            case CLOSED -> "closed";
            default -> "unknown";
        };
    }

    @Override
    public void callEnd(CallInfo call, Duration duration) {
        Instant at = call.startedAt().plus(duration);
        tracker(call.account(), call.integration(), call.startedAt()).callSucceeded(at, thresholds.zone());
        credential(call.account()).callSucceeded(at);
    }

    @Override
    public void callFailed(CallInfo call, ErrorEnvelope envelope, Duration duration) {
        Instant at = call.startedAt().plus(duration);
        tracker(call.account(), call.integration(), call.startedAt()).callFailed(envelope, at, thresholds.zone());
        credential(call.account()).callFailed(envelope, at);
    }

    @Override
    public void syncFinished(SyncResult result) {
        tracker(result.account(), result.name(), result.startedAt()).syncFinished(result, thresholds.zone());
    }

    @Override
    public void onEvent(AuthEvent event) {
        boolean seenBefore = credentials.containsKey(event.account());
        credential(event.account()).authEvent(event);
        // An account known only from its credential (an auth event before any call was recorded) still needs a row
        // for the credential's state and its alert: the account's row of calls outside any integration.
        if (!seenBefore) {
            tracker(event.account(), "", event.at());
        }
    }

    /**
     * The account's rate-limit backlog now (records or calls waiting for permits), as the application counts it; shown
     * on the account's row of calls outside any integration, since the limiter is the account's.
     */
    public void recordBacklog(AccountKey account, long backlog) {
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog must not be negative, was " + backlog);
        }
        tracker(account, "", clock.instant()).backlog(backlog);
    }

    /**
     * Publishes snapshots, updates gauges, logs colour changes and runs the alert rules, at the clock's now.
     *
     * @return the alert events this evaluation raised (already sent to the sinks)
     */
    public synchronized List<AlertEvent> evaluate() {
        Instant now = clock.instant();
        List<ActivitySnapshot> snapshots = new ArrayList<>();
        List<Signals> signals = new ArrayList<>();
        for (AccountTracker t : trackers.values()) {
            CredentialTracker.View credential = credential(t.account).view();
            snapshots.add(t.snapshot(now, node, thresholds.zone(), circuitOf(t.account), credential));
            AccountTracker.AlertInputs in = t.drain(now, rules.spikeWindow(), credential);
            signals.add(new Signals(t.account, t.integration, now, in.recentCalls(), in.recentFailures(),
                    in.recentFirstFailure(), in.recentLastFailure(), in.recentErrors(), in.windowCalls(),
                    in.windowErrors(), in.baselineCalls(), in.baselineErrors(),
                    in.credential() == CredentialState.NEEDS_REAUTHORIZATION, in.credentialReason(),
                    in.credentialReasonCode(), in.credentialSince(), in.lastSuccessAt(), in.firstSeen(),
                    thresholds.sla(t.account), in.backlog(), in.previousBacklog(), in.lastError()));
        }
        try {
            store.publishAll(snapshots);
        } catch (RuntimeException e) {
            log.warn("could not publish {} health snapshots to {}: {}", snapshots.size(), store, e.toString());
        }
        List<HealthRow> rows = new ArrayList<>();
        for (ActivitySnapshot s : snapshots) {
            rows.add(thresholds.evaluate(s, now));
        }
        rows.forEach(this::logChange);
        // The gauges stay per account (the integration would multiply the series): an account is its worst row.
        HealthView.rollUp(rows).forEach(this::gauge);
        return alerts.evaluate(signals);
    }

    /** This node's rows now, without publishing (the store's merged view is {@link #view()}). */
    public List<HealthRow> rows() {
        Instant now = clock.instant();
        List<HealthRow> rows = new ArrayList<>();
        for (AccountTracker t : trackers.values()) {
            rows.add(thresholds.evaluate(t.snapshot(now, node, thresholds.zone(), circuitOf(t.account),
                    credential(t.account).view()), now));
        }
        rows.sort(HealthView.ORDER);
        return rows;
    }

    /** The merged view of every node's published snapshots. */
    public HealthView view() {
        return new HealthView(store, thresholds, clock);
    }

    /** The alerts firing now. */
    public List<AlertEvent> firingAlerts() {
        return alerts.firing();
    }

    public HealthThresholds thresholds() {
        return thresholds;
    }

    /** Evaluates every {@code interval} on a daemon thread of its own until {@link #close()}. */
    public synchronized void startEvaluating(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        if (scheduler != null) {
            throw new IllegalStateException("HealthMonitor.startEvaluating called twice");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbound-health");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                evaluate();
            } catch (RuntimeException e) {
                log.warn("health evaluation failed: {}", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private AccountTracker tracker(AccountKey account, String integration, Instant firstSeen) {
        List<Object> key = List.of(account, integration);
        AccountTracker t = trackers.get(key);
        return t != null ? t : trackers.computeIfAbsent(key,
                k -> new AccountTracker(account, integration, firstSeen, thresholds.zone()));
    }

    private CredentialTracker credential(AccountKey account) {
        CredentialTracker c = credentials.get(account);
        return c != null ? c : credentials.computeIfAbsent(account, k -> new CredentialTracker());
    }

    private String circuitOf(AccountKey account) {
        try {
            return circuits.apply(account).toLowerCase(Locale.ROOT);
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private void gauge(HealthRow row) {
        double[] g = gauges.computeIfAbsent(row.account(), k -> {
            double[] holder = new double[2];
            Gauge.builder(OutboundMetrics.HEALTH_STATUS, holder, h -> h[0])
                    .description("0 green, 1 yellow, 2 red")
                    .tags(OutboundMetrics.TAG_PROVIDER, k.provider(), OutboundMetrics.TAG_CUSTOMER, k.customerId())
                    .register(meters);
            Gauge.builder(OutboundMetrics.HEALTH_SUCCESS_RATE, holder, h -> h[1])
                    .description("share of calls over 24h that did not fail for integration reasons")
                    .tags(OutboundMetrics.TAG_PROVIDER, k.provider(), OutboundMetrics.TAG_CUSTOMER, k.customerId())
                    .register(meters);
            return holder;
        });
        g[0] = row.status().ordinal();
        g[1] = row.successRate24h().orElse(Double.NaN);
    }

    private void logChange(HealthRow row) {
        HealthStatus before = lastStatus.put(List.of(row.account(), row.integration()), row.status());
        HealthStatus previous = before == null ? HealthStatus.GREEN : before;
        if (previous == row.status()) {
            return;
        }
        MDC.put("customer", row.customer());
        MDC.put("provider", row.provider());
        try {
            String since = row.since().map(i -> " since " + i).orElse("");
            if (row.status().ordinal() > previous.ordinal()) {
                log.warn("health of {} {} went {} -> {}{}: {} ({})", row.account(), row.integrationLabel(), previous,
                        row.status(), since, row.advice().sentence(), String.join("; ", row.reasons()));
            } else {
                log.info("health of {} {} went {} -> {}: {}", row.account(), row.integrationLabel(), previous,
                        row.status(), row.reason());
            }
        } finally {
            MDC.remove("customer");
            MDC.remove("provider");
        }
    }

    /** Builds a {@link HealthMonitor}. Not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private HealthThresholds thresholds = HealthThresholds.defaults();
        private HealthStore store = new InMemoryHealthStore();
        private String node = "local";
        private MeterRegistry meters;
        private AlertRules rules = AlertRules.defaults();
        private final List<AlertSink> sinks = new ArrayList<>();

        private Builder() {
        }

        /** The gateway's clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder thresholds(HealthThresholds thresholds) {
            this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
            return this;
        }

        /** Where snapshots are shared; in memory when not set. */
        public Builder store(HealthStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** This node's name in the store, e.g. the host name; {@code local} when not set. */
        public Builder node(String node) {
            Objects.requireNonNull(node, "node");
            if (node.isBlank() || node.length() > 100) {
                throw new IllegalArgumentException("node must be 1-100 characters, was " + node.length());
            }
            this.node = node;
            return this;
        }

        /** Where health gauges and alert counts go. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meters = Objects.requireNonNull(registry, "meterRegistry");
            return this;
        }

        public Builder alertRules(AlertRules rules) {
            this.rules = Objects.requireNonNull(rules, "alertRules");
            return this;
        }

        /** Adds a sink for alert events. */
        public Builder alertSink(AlertSink sink) {
            sinks.add(Objects.requireNonNull(sink, "alertSink"));
            return this;
        }

        public HealthMonitor build() {
            return new HealthMonitor(this);
        }
    }
}
