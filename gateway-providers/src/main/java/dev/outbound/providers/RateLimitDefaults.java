package dev.outbound.providers;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider's documented rate limits, as plain data for a rate limiter to be configured from (the gateway's limiter
 * is set up elsewhere; nothing here enforces anything). Limits the provider documents only as a range or per plan
 * are given for the plan named in the limit's name; limits seen only in third-party material are marked
 * {@code verified = false}. Immutable and thread-safe.
 *
 * @param provider the provider id
 * @param limits the limits, most important first
 * @param note what the provider does when a limit is hit, and what is not documented
 */
public record RateLimitDefaults(String provider, List<Limit> limits, String note) {

    public RateLimitDefaults {
        Objects.requireNonNull(provider, "provider");
        limits = List.copyOf(limits);
        note = note == null ? "" : note;
    }

    /** The limit with this name, if declared. */
    public Optional<Limit> limit(String name) {
        return limits.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** What a limit counts. */
    public enum Kind {
        /** Requests per window (a token bucket). */
        RATE,
        /** A long-window allocation, e.g. a rolling 24-hour API allocation. */
        QUOTA,
        /** Requests in flight at once; {@code window} is zero. */
        CONCURRENCY
    }

    /** Whose budget a limit is. */
    public enum Scope {
        /** The customer's account (org, portal, tenant) at the provider, shared by every app. */
        ACCOUNT,
        /** Our app within one customer's account. */
        APP_PER_ACCOUNT,
        /** The user (or application user) the calls run as. */
        USER,
        /** One endpoint or API family. */
        ENDPOINT
    }

    /**
     * One limit.
     *
     * @param name a stable name, e.g. {@code daily-allocation}
     * @param kind what it counts
     * @param permits requests per window, or concurrent requests
     * @param window the window, zero for a concurrency limit
     * @param scope whose budget it is
     * @param verified whether an official source states it (false: third-party material or recollection)
     * @param source where the number comes from
     */
    public record Limit(String name, Kind kind, long permits, Duration window, Scope scope, boolean verified,
                        String source) {
        public Limit {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(scope, "scope");
            source = source == null ? "" : source;
            if (permits < 1) {
                throw new IllegalArgumentException("limit " + name + ": permits must be positive, was " + permits);
            }
            if ((kind == Kind.CONCURRENCY) != window.isZero()) {
                throw new IllegalArgumentException("limit " + name + ": a concurrency limit has a zero window, "
                        + "and only a concurrency limit has one");
            }
        }

        public static Limit rate(String name, long permits, Duration window, Scope scope, boolean verified,
                                 String source) {
            return new Limit(name, Kind.RATE, permits, window, scope, verified, source);
        }

        public static Limit quota(String name, long permits, Duration window, Scope scope, boolean verified,
                                  String source) {
            return new Limit(name, Kind.QUOTA, permits, window, scope, verified, source);
        }

        public static Limit concurrency(String name, long permits, Scope scope, boolean verified, String source) {
            return new Limit(name, Kind.CONCURRENCY, permits, Duration.ZERO, scope, verified, source);
        }
    }
}
