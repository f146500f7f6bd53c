package dev.outbound.ratelimit;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The limits of one bucket — an account's, or an app's shared by all its customers: its bandwidths (every one must
 * have a token), an optional cap on calls in flight, and what to do when the provider says "too many requests".
 * Immutable and thread-safe; build with {@link #builder()}.
 *
 * @param bandwidths the token limits; empty means no token limit
 * @param maxConcurrent the most calls in flight at once, across every worker and node; 0 means no cap
 * @param feedbackScope what a provider 429 for an account pauses: the account, or the app it belongs to
 * @param feedbackPause how long a provider "too many requests" pauses the bucket when it gives no Retry-After
 * @param quotaResetZone the zone whose midnight resets the provider's daily quota (HubSpot: the account's zone);
 *     an exhausted quota without a Retry-After blocks until then
 */
public record RateLimitSpec(List<Bandwidth> bandwidths, int maxConcurrent, FeedbackScope feedbackScope,
                            Duration feedbackPause, ZoneId quotaResetZone) {

    /** The most bandwidths one bucket may have. */
    public static final int MAX_BANDWIDTHS = 8;

    private static final RateLimitSpec UNLIMITED = builder().build();

    /** What a provider's "too many requests" for one account pauses. */
    public enum FeedbackScope {
        /** The account's own bucket: the provider limits each account separately (the usual case). */
        ACCOUNT,
        /** The bucket of the app the account belongs to: the provider's limit is the app's, shared by customers. */
        APP
    }

    public RateLimitSpec {
        Objects.requireNonNull(bandwidths, "bandwidths");
        bandwidths = List.copyOf(bandwidths);
        if (bandwidths.size() > MAX_BANDWIDTHS) {
            throw new IllegalArgumentException("at most " + MAX_BANDWIDTHS + " bandwidths per bucket, got "
                    + bandwidths.size());
        }
        Set<String> names = new HashSet<>();
        for (Bandwidth b : bandwidths) {
            if (!names.add(b.name())) {
                throw new IllegalArgumentException("bandwidth names must be unique within a bucket; '" + b.name()
                        + "' appears twice (give one a name())");
            }
        }
        if (maxConcurrent < 0 || maxConcurrent > 100_000) {
            throw new IllegalArgumentException("maxConcurrent must be in [0, 100000], was " + maxConcurrent);
        }
        Objects.requireNonNull(feedbackScope, "feedbackScope");
        Objects.requireNonNull(feedbackPause, "feedbackPause");
        if (feedbackPause.isNegative() || feedbackPause.isZero() || feedbackPause.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("feedbackPause must be in (0, 1 day], was " + feedbackPause);
        }
        Objects.requireNonNull(quotaResetZone, "quotaResetZone");
    }

    /** No token limit and no concurrency cap. */
    public static RateLimitSpec unlimited() {
        return UNLIMITED;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether calls need a token from this bucket. */
    public boolean limitsTokens() {
        return !bandwidths.isEmpty();
    }

    /** Whether calls need a concurrency slot of this bucket. */
    public boolean limitsConcurrency() {
        return maxConcurrent > 0;
    }

    /** Whether this spec limits nothing. */
    public boolean isUnlimited() {
        return !limitsTokens() && !limitsConcurrency();
    }

    /**
     * This spec cut to {@code share} of every bandwidth and of the concurrency cap (never below one): the
     * conservative limits a node applies on its own while the shared backend is down.
     */
    public RateLimitSpec scaled(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1], was " + share);
        }
        List<Bandwidth> scaled = new ArrayList<>(bandwidths.size());
        for (Bandwidth b : bandwidths) {
            scaled.add(b.scaled(share));
        }
        int cap = maxConcurrent == 0 ? 0 : Math.max(1, (int) Math.floor(maxConcurrent * share));
        return new RateLimitSpec(scaled, cap, feedbackScope, feedbackPause, quotaResetZone);
    }

    /** Builds a {@link RateLimitSpec}; values are checked by {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final List<Bandwidth> bandwidths = new ArrayList<>();
        private int maxConcurrent;
        private FeedbackScope feedbackScope = FeedbackScope.ACCOUNT;
        private Duration feedbackPause = Duration.ofSeconds(10);
        private ZoneId quotaResetZone = ZoneOffset.UTC;

        private Builder() {
        }

        private Builder(RateLimitSpec spec) {
            bandwidths.addAll(spec.bandwidths);
            maxConcurrent = spec.maxConcurrent;
            feedbackScope = spec.feedbackScope;
            feedbackPause = spec.feedbackPause;
            quotaResetZone = spec.quotaResetZone;
        }

        /** Adds a bandwidth; a call needs a token from every one. */
        public Builder bandwidth(Bandwidth bandwidth) {
            bandwidths.add(Objects.requireNonNull(bandwidth, "bandwidth"));
            return this;
        }

        /** Removes the bandwidths added so far. */
        public Builder clearBandwidths() {
            bandwidths.clear();
            return this;
        }

        /** The most calls in flight at once; 0 for no cap. */
        public Builder maxConcurrent(int maxConcurrent) {
            this.maxConcurrent = maxConcurrent;
            return this;
        }

        public Builder feedbackScope(FeedbackScope scope) {
            this.feedbackScope = Objects.requireNonNull(scope, "scope");
            return this;
        }

        public Builder feedbackPause(Duration pause) {
            this.feedbackPause = Objects.requireNonNull(pause, "pause");
            return this;
        }

        public Builder quotaResetZone(ZoneId zone) {
            this.quotaResetZone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        public RateLimitSpec build() {
            return new RateLimitSpec(bandwidths, maxConcurrent, feedbackScope, feedbackPause, quotaResetZone);
        }
    }
}
