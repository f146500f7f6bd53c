package dev.outbound.gateway.alerts;

import dev.outbound.errors.ErrorCategory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in alert rules and their thresholds, in evaluation order (a rule is silenced by an earlier one it names
 * in {@link AlertRule#inhibitedBy()}):
 * <ol>
 *   <li>{@value #AUTH_AFTER_REFRESH} (critical) — the credential is rejected after a refresh, revoked or missing;
 *       fires at once (the refresh already ruled out an expired token), recovers on the next successful call;</li>
 *   <li>{@value #SUCCESS_RATE_LOW} (critical) — the share of calls failing with server errors or timeouts leaves the
 *       success rate under 95%, with evidence spanning at least 5 minutes (so a provider blip shorter than that
 *       never fires); recovers after 10 minutes clear. Rate limits and record-level errors (validation, conflict,
 *       not found) never count: a single 429 or a rejected record cannot raise it;</li>
 *   <li>{@value #ERROR_SPIKE} (warning) — the error rate (any category) over the last 15 minutes, and since the
 *       previous evaluation, is at least 3x the trailing 24 h baseline (taken as at least 1%), with at least 10
 *       errors in the window, for 5 minutes (a spike that is over clears at once, whatever the window still holds);
 *       </li>
 *   <li>{@value #SYNC_STALE} (critical) — no completed sync for longer than the integration's SLA window;</li>
 *   <li>{@value #BACKLOG_GROWING} (warning) — the rate-limit backlog is at least 100 and has kept growing for 10
 *       minutes.</li>
 * </ol>
 * Immutable and thread-safe.
 */
public final class AlertRules {
    public static final String AUTH_AFTER_REFRESH = "auth_failure_after_refresh";
    public static final String SUCCESS_RATE_LOW = "success_rate_low";
    public static final String ERROR_SPIKE = "error_rate_spike";
    public static final String SYNC_STALE = "sync_stale";
    public static final String BACKLOG_GROWING = "rate_limit_backlog_growing";

    private final List<AlertRule> rules;
    private final Duration spikeWindow;

    private AlertRules(Builder b) {
        List<AlertRule> all = new ArrayList<>();
        all.add(new Auth());
        all.add(new SuccessRate(b.successRate, b.blip, b.clearAfter));
        all.add(new Spike(b.spikeFactor, b.spikeMinErrors, b.spikeFloor, b.blip, b.clearAfter));
        all.add(new Stale());
        all.add(new Backlog(b.backlogMin, b.backlogSustain, b.clearAfter));
        all.addAll(b.extra);
        this.rules = List.copyOf(all);
        this.spikeWindow = b.spikeWindow;
    }

    public static AlertRules defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The rules, in evaluation order. */
    public List<AlertRule> rules() {
        return rules;
    }

    /** The window whose error rate is compared with the baseline. */
    public Duration spikeWindow() {
        return spikeWindow;
    }

    private record Auth() implements AlertRule {
        @Override
        public String id() {
            return AUTH_AFTER_REFRESH;
        }

        @Override
        public String severity() {
            return "critical";
        }

        @Override
        public Duration sustainFor() {
            return Duration.ZERO;
        }

        @Override
        public Duration clearAfter() {
            return Duration.ZERO;
        }

        @Override
        public Condition evaluate(Signals s) {
            if (!s.needsReauthorization()) {
                return Condition.clear();
            }
            Instant since = s.credentialSince().orElse(s.now());
            return Condition.holds("credential rejected: " + s.credentialReason()
                    + "; the customer must re-authorize the integration", since, s.now());
        }

        @Override
        public Advice advice(Signals s, Condition holding) {
            return Advice.forError(s.account().provider(), ErrorCategory.AUTH_FAILURE, s.credentialReasonCode());
        }
    }

    private record SuccessRate(double threshold, Duration sustain, Duration clear) implements AlertRule {
        @Override
        public String id() {
            return SUCCESS_RATE_LOW;
        }

        @Override
        public String severity() {
            return "critical";
        }

        @Override
        public Duration sustainFor() {
            return sustain;
        }

        @Override
        public Duration clearAfter() {
            return clear;
        }

        @Override
        public Set<String> inhibitedBy() {
            return Set.of(AUTH_AFTER_REFRESH);
        }

        @Override
        public Condition evaluate(Signals s) {
            if (s.recentCalls() == 0) {
                return Condition.noData();
            }
            double rate = 1.0 - (double) s.recentFailures() / s.recentCalls();
            if (rate >= threshold || s.recentFailures() == 0) {
                return Condition.clear();
            }
            return Condition.holds(String.format("success rate %.0f%% (under %.0f%%): %d of %d calls failed with "
                            + "server errors or timeouts", rate * 100, threshold * 100, s.recentFailures(),
                            s.recentCalls()),
                    s.recentFirstFailure().orElse(s.now()), s.recentLastFailure().orElse(s.now()));
        }

        @Override
        public Advice advice(Signals s, Condition holding) {
            return fromLastError(s, ErrorCategory.SERVER_ERROR).orElseThrow();
        }
    }

    private record Spike(double factor, long minErrors, double floor, Duration sustain, Duration clear)
            implements AlertRule {
        @Override
        public String id() {
            return ERROR_SPIKE;
        }

        @Override
        public String severity() {
            return "warning";
        }

        @Override
        public Duration sustainFor() {
            return sustain;
        }

        @Override
        public Duration clearAfter() {
            return clear;
        }

        @Override
        public Set<String> inhibitedBy() {
            return Set.of(AUTH_AFTER_REFRESH, SUCCESS_RATE_LOW);
        }

        @Override
        public Condition evaluate(Signals s) {
            if (s.recentCalls() == 0 || s.windowCalls() == 0) {
                return Condition.noData();
            }
            double rate = (double) s.windowErrors() / s.windowCalls();
            double recent = (double) s.recentErrors() / s.recentCalls();
            double baseline = s.baselineCalls() == 0 ? 0 : (double) s.baselineErrors() / s.baselineCalls();
            double limit = factor * Math.max(baseline, floor);
            if (s.windowErrors() < minErrors || rate < limit || recent < limit) {
                return Condition.clear();
            }
            return Condition.holds(String.format("error rate %.1f%% is %s the trailing 24h baseline of %.1f%%",
                    rate * 100, baseline == 0 ? "far above" : String.format("%.1fx", rate / baseline),
                    baseline * 100), s.now(), s.now());
        }

        @Override
        public Advice advice(Signals s, Condition holding) {
            return fromLastError(s, ErrorCategory.SERVER_ERROR).orElseThrow();
        }
    }

    private record Stale() implements AlertRule {
        @Override
        public String id() {
            return SYNC_STALE;
        }

        @Override
        public String severity() {
            return "critical";
        }

        @Override
        public Duration sustainFor() {
            return Duration.ZERO;
        }

        @Override
        public Duration clearAfter() {
            return Duration.ZERO;
        }

        @Override
        public Set<String> inhibitedBy() {
            return Set.of(AUTH_AFTER_REFRESH, SUCCESS_RATE_LOW);
        }

        @Override
        public Condition evaluate(Signals s) {
            if (s.integration().isEmpty()) {
                return Condition.clear(); // calls outside any integration have no sync to be late
            }
            Instant reference = s.lastSuccessAt().orElse(s.watchingSince());
            Instant due = reference.plus(s.sla());
            if (!s.now().isAfter(due)) {
                return Condition.clear();
            }
            return Condition.holds((s.lastSuccessAt().isPresent() ? "no successful sync since " + reference
                    : "no successful sync since watching began at " + reference) + " (SLA " + s.sla() + ")",
                    due, s.now());
        }

        @Override
        public Advice advice(Signals s, Condition holding) {
            return fromLastError(s, null).orElseGet(() -> Advice.syncStale(s.integration(),
                    Duration.between(s.lastSuccessAt().orElse(s.watchingSince()), s.now())));
        }
    }

    private record Backlog(long min, Duration sustain, Duration clear) implements AlertRule {
        @Override
        public String id() {
            return BACKLOG_GROWING;
        }

        @Override
        public String severity() {
            return "warning";
        }

        @Override
        public Duration sustainFor() {
            return sustain;
        }

        @Override
        public Duration clearAfter() {
            return clear;
        }

        @Override
        public Condition evaluate(Signals s) {
            if (s.backlog() < min || s.backlog() < s.previousBacklog()) {
                return Condition.clear();
            }
            if (s.backlog() == s.previousBacklog()) {
                return Condition.noData();
            }
            return Condition.holds("rate-limit backlog grew from " + s.previousBacklog() + " to " + s.backlog(),
                    s.now(), s.now());
        }

        @Override
        public Advice advice(Signals s, Condition holding) {
            return Advice.forError(s.account().provider(), ErrorCategory.RATE_LIMITED, "");
        }
    }

    /** Builds {@link AlertRules}. Not thread-safe. */
    public static final class Builder {
        private double successRate = 0.95;
        private Duration blip = Duration.ofMinutes(5);
        private Duration clearAfter = Duration.ofMinutes(10);
        private double spikeFactor = 3.0;
        private long spikeMinErrors = 10;
        private double spikeFloor = 0.01;
        private Duration spikeWindow = Duration.ofMinutes(15);
        private long backlogMin = 100;
        private Duration backlogSustain = Duration.ofMinutes(10);
        private final List<AlertRule> extra = new ArrayList<>();

        private Builder() {
        }

        /** Alert when the recent success rate is under this (0..1); default 0.95. */
        public Builder successRateBelow(double rate) {
            if (!(rate > 0 && rate <= 1)) {
                throw new IllegalArgumentException("successRateBelow must be within (0, 1], was " + rate);
            }
            this.successRate = rate;
            return this;
        }

        /** Failures shorter than this are a blip and never fire; default 5 minutes. */
        public Builder blip(Duration d) {
            this.blip = nonNegative(d, "blip");
            return this;
        }

        /** How long a condition must stay clear before its alert recovers; default 10 minutes. */
        public Builder clearAfter(Duration d) {
            this.clearAfter = nonNegative(d, "clearAfter");
            return this;
        }

        /** Error-rate spike: factor over the baseline, least errors, and least baseline rate; defaults 3, 10, 1%. */
        public Builder spike(double factor, long minErrors, double baselineFloor) {
            if (!(factor > 1)) {
                throw new IllegalArgumentException("spike factor must be over 1, was " + factor);
            }
            if (minErrors < 1) {
                throw new IllegalArgumentException("spike minErrors must be at least 1, was " + minErrors);
            }
            if (!(baselineFloor > 0 && baselineFloor < 1)) {
                throw new IllegalArgumentException("spike baselineFloor must be within (0, 1), was " + baselineFloor);
            }
            this.spikeFactor = factor;
            this.spikeMinErrors = minErrors;
            this.spikeFloor = baselineFloor;
            return this;
        }

        /** The window compared with the baseline; default 15 minutes, at most 12 hours. */
        public Builder spikeWindow(Duration d) {
            nonNegative(d, "spikeWindow");
            if (d.isZero() || d.compareTo(Duration.ofHours(12)) > 0) {
                throw new IllegalArgumentException("spikeWindow must be within (0, 12h], was " + d);
            }
            this.spikeWindow = d;
            return this;
        }

        /** Backlog alert: least backlog and how long it must keep growing; defaults 100 and 10 minutes. */
        public Builder backlog(long min, Duration sustain) {
            if (min < 1) {
                throw new IllegalArgumentException("backlog min must be at least 1, was " + min);
            }
            this.backlogMin = min;
            this.backlogSustain = nonNegative(sustain, "backlog sustain");
            return this;
        }

        /** Adds a rule of the application's own, evaluated after the built-in ones. */
        public Builder rule(AlertRule rule) {
            extra.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        public AlertRules build() {
            return new AlertRules(this);
        }

        private static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + d);
            }
            return d;
        }
    }

    /** The advice for the integration's last error, else for {@code fallback} when there is one. */
    private static Optional<Advice> fromLastError(Signals s, ErrorCategory fallback) {
        String provider = s.account().provider();
        return s.lastError().map(e -> Advice.forError(provider, e.category(), e.reason()))
                .or(() -> Optional.ofNullable(fallback).map(c -> Advice.forError(provider, c, "")));
    }
}
