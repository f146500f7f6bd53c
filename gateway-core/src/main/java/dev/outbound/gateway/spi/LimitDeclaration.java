package dev.outbound.gateway.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One limit a provider documents, as a neutral fact a {@link RateLimiter} can enforce without user configuration:
 * "100 requests per rolling 10 s per account", "a daily allocation resetting at midnight", "5 requests in flight".
 * Adapters return theirs from {@link ProviderAdapter#documentedLimits()}; the gateway hands them to its limiter.
 * Limits seen only in third-party material are {@code verified = false}; limits that only document a case (another
 * plan or tier, one endpoint) are {@code enforced = false} and are never applied. Immutable and thread-safe.
 *
 * @param name a stable name, 1-32 lower-case letters, digits or {@code -}, e.g. {@code daily-allocation}; usage
 *     reports ({@link LimitUsage#limitName()}) refer to it
 * @param kind what it counts
 * @param limit requests per window, or requests in flight
 * @param window the window; zero for a concurrency limit
 * @param scope whose budget it is
 * @param verified whether an official source states it
 * @param enforced whether a limiter applies it by default
 * @param source where the number comes from (a public URL or document name)
 */
public record LimitDeclaration(String name, Kind kind, long limit, Duration window, Scope scope, boolean verified,
                               boolean enforced, String source) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    /** What a limit counts. */
    public enum Kind {
        /** Requests in any rolling (sliding) window of {@code window}, whatever its length. */
        RATE,
        /** An allocation of {@code limit} requests that comes back all at once every {@code window}. */
        QUOTA,
        /** Requests in flight at once; {@code window} is zero. */
        CONCURRENCY
    }

    /** Whose budget a limit is. */
    public enum Scope {
        /** The customer's account (org, portal, tenant) at the provider. */
        ACCOUNT,
        /** Our app within one customer's account: for the limiter, the same bucket as {@link #ACCOUNT}. */
        APP_PER_ACCOUNT,
        /** The user or application user the calls run as; one per account in the gateway's model. */
        USER,
        /** One registered app across every customer that installed it: one bucket shared by all accounts. */
        APP,
        /** One endpoint or API family: documented only, since a per-account bucket would throttle every call. */
        ENDPOINT
    }

    public LimitDeclaration {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1-32 lower-case letters, digits or -, was '"
                    + (name.length() > 40 ? name.substring(0, 40) + "…" : name) + "'");
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(scope, "scope");
        source = source == null ? "" : source;
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + name + ": limit must be positive, was " + limit);
        }
        if ((kind == Kind.CONCURRENCY) != window.isZero()) {
            throw new IllegalArgumentException("limit " + name + ": a concurrency limit has a zero window, and only "
                    + "a concurrency limit has one");
        }
        if (window.isNegative() || window.compareTo(Duration.ofDays(366)) > 0) {
            throw new IllegalArgumentException("limit " + name + ": window must be in [0, 366 days], was " + window);
        }
    }

    /** Requests in any rolling window, applied by default. */
    public static LimitDeclaration rate(String name, long limit, Duration window, Scope scope, boolean verified,
                                        String source) {
        return new LimitDeclaration(name, Kind.RATE, limit, window, scope, verified, scope != Scope.ENDPOINT, source);
    }

    /** An allocation that resets at once every window, applied by default. */
    public static LimitDeclaration quota(String name, long limit, Duration window, Scope scope, boolean verified,
                                         String source) {
        return new LimitDeclaration(name, Kind.QUOTA, limit, window, scope, verified, scope != Scope.ENDPOINT,
                source);
    }

    /** Requests in flight at once, applied by default. */
    public static LimitDeclaration concurrency(String name, long limit, Scope scope, boolean verified,
                                               String source) {
        return new LimitDeclaration(name, Kind.CONCURRENCY, limit, Duration.ZERO, scope, verified,
                scope != Scope.ENDPOINT, source);
    }

    /** This limit kept as documentation only: a limiter does not apply it. */
    public LimitDeclaration documentedOnly() {
        return new LimitDeclaration(name, kind, limit, window, scope, verified, false, source);
    }
}
