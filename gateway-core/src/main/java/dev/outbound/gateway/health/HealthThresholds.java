package dev.outbound.gateway.health;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.alerts.Advice;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * When an integration is green, yellow or red, and {@link #evaluate how a snapshot is judged}. Defaults follow the
 * practice: red when the 24 h success rate is under 95%, when the last successful sync is older than the
 * integration's SLA window (6 h unless set per provider), when the credential is rejected after a refresh, or when
 * the circuit is open; yellow under 99%, after a partial or failed sync, while a refresh fails, while the circuit is
 * half open, or with a rate-limit backlog of 1,000 or more. Immutable and thread-safe.
 */
public final class HealthThresholds {
    private final double redBelow;
    private final double yellowBelow;
    private final long minCalls;
    private final Duration defaultSla;
    private final Map<String, Duration> slaByProvider;
    private final long backlogYellowAt;
    private final ZoneId zone;

    private HealthThresholds(Builder b) {
        this.redBelow = b.redBelow;
        this.yellowBelow = b.yellowBelow;
        this.minCalls = b.minCalls;
        this.defaultSla = b.defaultSla;
        this.slaByProvider = Map.copyOf(b.slaByProvider);
        this.backlogYellowAt = b.backlogYellowAt;
        this.zone = b.zone;
    }

    public static HealthThresholds defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The SLA window of an account: no completed sync for longer than this is red. */
    public Duration sla(AccountKey account) {
        return slaByProvider.getOrDefault(account.provider(), defaultSla);
    }

    /** The zone in which "today" starts. */
    public ZoneId zone() {
        return zone;
    }

    public double redBelow() {
        return redBelow;
    }

    public double yellowBelow() {
        return yellowBelow;
    }

    public long backlogYellowAt() {
        return backlogYellowAt;
    }

    /** Judges a (merged) snapshot at {@code now}. */
    public HealthRow evaluate(ActivitySnapshot s, Instant now) {
        List<Finding> red = new ArrayList<>();
        List<Finding> yellow = new ArrayList<>();
        OptionalDouble rate = s.calls24h() >= minCalls && s.calls24h() > 0
                ? OptionalDouble.of(1.0 - (double) s.failedCalls24h() / s.calls24h()) : OptionalDouble.empty();
        String mostly = mostFrequentError(s);

        String provider = s.account().provider();
        Optional<Advice> fromError = errorAdvice(s);
        if (s.credentialState() == CredentialState.NEEDS_REAUTHORIZATION) {
            red.add(new Finding("needs re-authorization: " + s.credentialReason(), s.credentialSince(),
                    Advice.forError(provider, ErrorCategory.AUTH_FAILURE, s.credentialReasonCode())));
        }
        if (rate.isPresent() && rate.getAsDouble() < redBelow) {
            red.add(new Finding("success rate " + percent(rate.getAsDouble()) + " over 24h (under "
                    + percent(redBelow) + ")" + mostly, s.degradedSince(), fromError.orElseGet(() ->
                    Advice.forError(provider, mostFrequentCategory(s), ""))));
        }
        if ("open".equals(s.circuitState())) {
            red.add(new Finding("circuit open: calls fail fast after repeated provider failures",
                    s.degradedSince(), Advice.forError(provider, ErrorCategory.SERVER_ERROR, Reasons.CIRCUIT_OPEN)));
        }
        Duration sla = sla(s.account());
        Instant reference = s.lastSuccessAt().orElse(s.firstSeen());
        Duration quiet = Duration.between(reference, now);
        // The account's calls outside any integration have no sync to be late: the SLA is a sync's.
        if (!s.integration().isEmpty() && quiet.compareTo(sla) > 0) {
            red.add(new Finding(s.lastSuccessAt().isPresent()
                    ? "no successful sync for " + human(quiet) + " (SLA " + human(sla) + ")"
                    : "no successful sync in " + human(quiet) + " since first seen (SLA "
                    + human(sla) + ")", Optional.of(reference.plus(sla)),
                    fromError.orElseGet(() -> Advice.syncStale(s.integration(), quiet))));
        }
        if (s.credentialState() == CredentialState.REFRESH_FAILING) {
            yellow.add(new Finding("credential refresh failing: " + s.credentialReason(), s.credentialSince(),
                    Advice.refreshFailing(provider)));
        }
        if ("half_open".equals(s.circuitState())) {
            yellow.add(new Finding("circuit half open: provider recovering", s.degradedSince(),
                    Advice.recovering(provider)));
        }
        if (rate.isPresent() && rate.getAsDouble() >= redBelow && rate.getAsDouble() < yellowBelow) {
            yellow.add(new Finding("success rate " + percent(rate.getAsDouble()) + " over 24h" + mostly,
                    s.degradedSince(), fromError.orElseGet(() ->
                    Advice.forError(provider, mostFrequentCategory(s), ""))));
        }
        if ("failed".equals(s.lastSyncOutcome()) || "partial".equals(s.lastSyncOutcome())) {
            yellow.add(new Finding("last sync " + s.lastSyncSummary(), s.notSucceededSince(),
                    fromError.orElseGet(() -> Advice.syncIncomplete(s.integration()))));
        }
        if (s.backlog() >= backlogYellowAt) {
            yellow.add(new Finding("rate-limit backlog of " + s.backlog(), Optional.empty(),
                    Advice.forError(provider, ErrorCategory.RATE_LIMITED, "")));
        }

        HealthStatus status = !red.isEmpty() ? HealthStatus.RED : !yellow.isEmpty() ? HealthStatus.YELLOW
                : HealthStatus.GREEN;
        List<Finding> all = new ArrayList<>(red);
        all.addAll(yellow);
        String reason;
        Optional<Instant> since;
        Advice advice;
        if (all.isEmpty()) {
            reason = s.lastSyncAt().isPresent() ? "last sync succeeded"
                    : s.calls24h() > 0 ? "calls succeeding, no sync run yet" : "no activity yet";
            since = Optional.empty();
            advice = Advice.healthy();
        } else {
            reason = all.get(0).text();
            since = all.get(0).since();
            advice = all.get(0).advice();
        }
        String detail = all.isEmpty() ? ""
                : s.credentialState() == CredentialState.NEEDS_REAUTHORIZATION && red.get(0) == all.get(0)
                ? join(ErrorCategory.AUTH_FAILURE.wireName(), s.credentialReasonCode())
                : join(s.lastErrorCategory(), s.lastErrorReason(), s.lastErrorCode());
        return new HealthRow(s.account(), s.integration(), status, advice, reason, detail,
                all.stream().map(Finding::text).toList(), since,
                s.lastSyncAt(), s.lastSyncOutcome(), s.lastSuccessAt(), rate, s.calls24h(), s.recordsToday(),
                s.recordsFailedToday(), s.errorsToday(), s.credentialState(), s.circuitState(), s.backlog(),
                s.updatedAt());
    }

    private record Finding(String text, Optional<Instant> since, Advice advice) {
    }

    private static Optional<Advice> errorAdvice(ActivitySnapshot s) {
        if (s.lastErrorCategory().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Advice.forError(s.account().provider(),
                    ErrorCategory.fromWireName(s.lastErrorCategory()), s.lastErrorReason()));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // written by a newer version with a category this one does not know
        }
    }

    /** The most frequent integration failure today; server error when the counts say nothing. */
    private static ErrorCategory mostFrequentCategory(ActivitySnapshot s) {
        String wire = mostFrequentError(s);
        return wire.isEmpty() ? ErrorCategory.SERVER_ERROR
                : ErrorCategory.fromWireName(wire.substring(", mostly ".length()));
    }

    private static String join(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (!p.isEmpty()) {
                sb.append(sb.length() == 0 ? "" : ", ").append(p);
            }
        }
        return sb.toString();
    }

    private static String mostFrequentError(ActivitySnapshot s) {
        return s.errorsToday().entrySet().stream()
                .filter(e -> !e.getKey().equals("validation_error") && !e.getKey().equals("conflict")
                        && !e.getKey().equals("not_found"))
                .max(Map.Entry.comparingByValue()).map(e -> ", mostly " + e.getKey()).orElse("");
    }

    static String percent(double rate) {
        double p = Math.floor(rate * 1000) / 10.0;
        return p == Math.rint(p) ? (long) p + "%" : p + "%";
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + "s";
        }
        if (s < 7200) {
            return (s / 60) + "m";
        }
        if (s < 2 * 86400) {
            return (s / 3600) + "h" + (s % 3600 / 60 == 0 ? "" : " " + (s % 3600 / 60) + "m");
        }
        return (s / 86400) + "d";
    }

    /** Builds {@link HealthThresholds}. Not thread-safe. */
    public static final class Builder {
        private double redBelow = 0.95;
        private double yellowBelow = 0.99;
        private long minCalls = 10;
        private Duration defaultSla = Duration.ofHours(6);
        private final Map<String, Duration> slaByProvider = new HashMap<>();
        private long backlogYellowAt = 1000;
        private ZoneId zone = ZoneOffset.UTC;

        private Builder() {
        }

        /** Red when the 24 h success rate is under this (0..1); default 0.95. */
        public Builder redBelowSuccessRate(double rate) {
            this.redBelow = rate(rate, "redBelowSuccessRate");
            return this;
        }

        /** Yellow when the 24 h success rate is under this (0..1); default 0.99. */
        public Builder yellowBelowSuccessRate(double rate) {
            this.yellowBelow = rate(rate, "yellowBelowSuccessRate");
            return this;
        }

        /** Fewer calls than this in 24 h say nothing about the success rate; default 10. */
        public Builder minCallsForSuccessRate(long calls) {
            if (calls < 1) {
                throw new IllegalArgumentException("minCallsForSuccessRate must be at least 1, was " + calls);
            }
            this.minCalls = calls;
            return this;
        }

        /** The SLA window of every integration without its own; default 6 hours. */
        public Builder defaultSla(Duration sla) {
            this.defaultSla = positive(sla, "defaultSla");
            return this;
        }

        /** The SLA window of one provider's integrations. */
        public Builder sla(String provider, Duration sla) {
            slaByProvider.put(AccountKey.requireProviderId(provider), positive(sla, "sla"));
            return this;
        }

        /** Yellow from this rate-limit backlog on; default 1,000. */
        public Builder backlogYellowAt(long backlog) {
            if (backlog < 1) {
                throw new IllegalArgumentException("backlogYellowAt must be at least 1, was " + backlog);
            }
            this.backlogYellowAt = backlog;
            return this;
        }

        /** Where "today" starts; UTC by default. */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** @throws IllegalStateException if the yellow threshold is under the red one */
        public HealthThresholds build() {
            if (yellowBelow < redBelow) {
                throw new IllegalStateException("yellowBelowSuccessRate (" + yellowBelow
                        + ") must not be under redBelowSuccessRate (" + redBelow + ")");
            }
            return new HealthThresholds(this);
        }

        private static double rate(double rate, String name) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException(name + " must be within 0..1, was " + rate);
            }
            return rate;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
