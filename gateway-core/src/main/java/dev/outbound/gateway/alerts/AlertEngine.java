package dev.outbound.gateway.alerts;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.OutboundMetrics;
import dev.outbound.gateway.spi.AlertSink;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns rule observations into alert events with hysteresis on both edges. Per rule and integration:
 * <ul>
 *   <li>inactive → pending at the first observation that holds, from the time of its earliest evidence;</li>
 *   <li>pending → firing (one {@link AlertEvent.Type#FIRING} event) when an observation that holds has evidence at
 *       least {@link AlertRule#sustainFor()} after the pending start; a clear observation first drops it back to
 *       inactive, so a blip shorter than that never fires;</li>
 *   <li>firing stays firing — no second event — while observations hold or say nothing; it recovers (one
 *       {@link AlertEvent.Type#RECOVERED} event) only once observations have stayed clear for
 *       {@link AlertRule#clearAfter()}, and any observation that holds in between restarts that wait, so a flapping
 *       signal does not flap the alert.</li>
 * </ul>
 * While a rule it is {@link AlertRule#inhibitedBy() inhibited by} is pending or firing on the same integration, a
 * rule is treated as clear (a firing one: as having no data). Thread-safe: evaluations are serialized.
 */
public final class AlertEngine {
    private static final Logger log = LoggerFactory.getLogger("dev.outbound.alerts");

    private enum Phase { INACTIVE, PENDING, FIRING }

    private static final class State {
        Phase phase = Phase.INACTIVE;
        Instant pendingFrom;
        Instant clearingSince;
        AlertEvent fired;
    }

    private final List<AlertRule> rules;
    private final List<AlertSink> sinks;
    private final MeterRegistry meters;
    private final Map<List<Object>, Map<String, State>> states = new HashMap<>();

    /**
     * @param rules the rules, in evaluation order (see {@link AlertRules#rules()})
     * @param sinks where events go
     * @param meters where {@value OutboundMetrics#ALERTS} is counted
     */
    public AlertEngine(List<AlertRule> rules, List<AlertSink> sinks, MeterRegistry meters) {
        this.rules = List.copyOf(rules);
        this.sinks = List.copyOf(sinks);
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /** Judges every integration's signals and sends and returns the events this evaluation raised. */
    public synchronized List<AlertEvent> evaluate(Collection<Signals> signals) {
        List<AlertEvent> events = new ArrayList<>();
        for (Signals s : signals) {
            List<Object> key = List.of(s.account(), s.integration());
            Map<String, State> perRule = states.computeIfAbsent(key, k -> new HashMap<>());
            for (AlertRule rule : rules) {
                State state = perRule.computeIfAbsent(rule.id(), k -> new State());
                // An inhibited alert that already fires neither recovers nor repeats; a pending one starts over.
                Condition c = !inhibited(rule, perRule) ? observe(rule, s)
                        : state.phase == Phase.FIRING ? Condition.noData() : Condition.clear();
                AlertEvent e = step(rule, state, c, s);
                if (e != null) {
                    events.add(e);
                }
            }
            perRule.values().removeIf(st -> st.phase == Phase.INACTIVE);
            if (perRule.isEmpty()) {
                states.remove(key);
            }
        }
        for (AlertEvent e : events) {
            deliver(e);
        }
        return events;
    }

    /** The alerts firing now (their firing events), oldest first. */
    public synchronized List<AlertEvent> firing() {
        List<AlertEvent> firing = new ArrayList<>();
        states.values().forEach(m -> m.values().forEach(st -> {
            if (st.phase == Phase.FIRING) {
                firing.add(st.fired);
            }
        }));
        firing.sort(Comparator.comparing(AlertEvent::at).thenComparing(AlertEvent::key));
        return firing;
    }

    private AlertEvent step(AlertRule rule, State st, Condition c, Signals s) {
        switch (st.phase) {
            case INACTIVE -> {
                if (c.state() != Condition.State.HOLDS) {
                    return null;
                }
                st.phase = Phase.PENDING;
                st.pendingFrom = c.from();
                return fireIfSustained(rule, st, c, s);
            }
            case PENDING -> {
                return switch (c.state()) {
                    case HOLDS -> fireIfSustained(rule, st, c, s);
                    case CLEAR -> {
                        st.phase = Phase.INACTIVE;
                        st.pendingFrom = null;
                        yield null;
                    }
                    case NO_DATA -> null;
                };
            }
            case FIRING -> {
                switch (c.state()) {
                    case HOLDS -> st.clearingSince = null;
                    case CLEAR -> {
                        if (st.clearingSince == null) {
                            st.clearingSince = s.now();
                        }
                        if (!Duration.between(st.clearingSince, s.now()).minus(rule.clearAfter()).isNegative()) {
                            AlertEvent recovered = new AlertEvent(AlertEvent.Type.RECOVERED, rule.id(),
                                    rule.severity(), s.account(), s.integration(), new Advice(
                                            "Recovered: " + st.fired.advice().headline(), "nothing to do"),
                                    "recovered: " + st.fired.summary(),
                                    st.fired.since(), s.now());
                            st.phase = Phase.INACTIVE;
                            st.fired = null;
                            st.clearingSince = null;
                            return recovered;
                        }
                    }
                    case NO_DATA -> {
                        // Silence is neither a recovery nor a relapse.
                    }
                }
                return null;
            }
            default -> throw new IllegalStateException("AlertEngine: unknown phase " + st.phase);
        }
    }

    private static AlertEvent fireIfSustained(AlertRule rule, State st, Condition c, Signals s) {
        if (Duration.between(st.pendingFrom, c.to()).compareTo(rule.sustainFor()) < 0) {
            return null;
        }
        st.phase = Phase.FIRING;
        st.clearingSince = null;
        st.fired = new AlertEvent(AlertEvent.Type.FIRING, rule.id(), rule.severity(), s.account(), s.integration(),
                advice(rule, s, c), c.detail(), st.pendingFrom, s.now());
        return st.fired;
    }

    private static Advice advice(AlertRule rule, Signals s, Condition c) {
        try {
            return rule.advice(s, c);
        } catch (RuntimeException e) {
            return Advice.other(c.detail());
        }
    }

    private static boolean inhibited(AlertRule rule, Map<String, State> perRule) {
        for (String id : rule.inhibitedBy()) {
            State other = perRule.get(id);
            if (other != null && other.phase != Phase.INACTIVE) {
                return true;
            }
        }
        return false;
    }

    private static Condition observe(AlertRule rule, Signals s) {
        try {
            return Objects.requireNonNull(rule.evaluate(s), "condition");
        } catch (RuntimeException e) {
            log.warn("alert rule {} failed on {} (treated as no data): {}", rule.id(), s.account(), e.toString());
            return Condition.noData();
        }
    }

    private void deliver(AlertEvent e) {
        meters.counter(OutboundMetrics.ALERTS, OutboundMetrics.TAG_PROVIDER, e.account().provider(),
                OutboundMetrics.TAG_CUSTOMER, e.account().customerId(), OutboundMetrics.TAG_RULE, e.rule(),
                OutboundMetrics.TAG_EVENT, e.type().wireName()).increment();
        for (AlertSink sink : sinks) {
            try {
                sink.send(e);
            } catch (RuntimeException x) {
                log.warn("alert sink {} failed on {} (ignored): {}", sink, e.key(), x.toString());
            }
        }
    }
}
