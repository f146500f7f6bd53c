package dev.outbound.ratelimit.internal;

import dev.outbound.ratelimit.Bandwidth;
import dev.outbound.ratelimit.RateLimitSpec;
import io.github.bucket4j.BandwidthBuilder;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConfigurationBuilder;
import io.github.bucket4j.VerboseResult;
import java.time.Duration;

/** Turns our bandwidth declarations into Bucket4j configurations. Stateless and thread-safe. */
public final class Bucket4jConfigs {
    private Bucket4jConfigs() {
    }

    /** The Bucket4j configuration of a spec that limits tokens. */
    public static BucketConfiguration toConfiguration(RateLimitSpec spec) {
        if (!spec.limitsTokens()) {
            throw new IllegalArgumentException("spec has no bandwidths");
        }
        ConfigurationBuilder builder = BucketConfiguration.builder();
        for (Bandwidth b : spec.bandwidths()) {
            builder.addLimit(toBandwidth(b));
        }
        return builder.build();
    }

    static io.github.bucket4j.Bandwidth toBandwidth(Bandwidth b) {
        BandwidthBuilder.BandwidthBuilderRefillStage refill =
                io.github.bucket4j.Bandwidth.builder().capacity(b.capacity());
        BandwidthBuilder.BandwidthBuilderBuildStage built;
        if (b.refill() == Bandwidth.Refill.GREEDY) {
            built = refill.refillGreedy(b.refillTokens(), b.refillPeriod());
        } else if (b.alignedTo().isPresent()) {
            built = refill.refillIntervallyAligned(b.refillTokens(), b.refillPeriod(), b.alignedTo().get());
        } else {
            built = refill.refillIntervally(b.refillTokens(), b.refillPeriod());
        }
        return built.id(b.name()).build();
    }

    /**
     * A stable fingerprint of a spec's bandwidths, part of bucket keys: a changed limit starts a new bucket instead
     * of silently keeping the stored configuration of the old one.
     */
    public static String fingerprint(RateLimitSpec spec) {
        StringBuilder s = new StringBuilder();
        for (Bandwidth b : spec.bandwidths()) {
            s.append(b.name()).append(',').append(b.capacity()).append(',').append(b.refillTokens()).append(',')
                    .append(b.refillPeriod().toNanos()).append(',').append(b.refill()).append(',')
                    .append(b.alignedTo().map(i -> Long.toString(i.toEpochMilli())).orElse("-")).append(';');
        }
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return Long.toHexString(h);
    }

    /** How long a bucket of this configuration takes to refill from empty to full: idle longer, it is full. */
    public static Duration timeToFull(BucketConfiguration configuration) {
        long max = 0;
        for (io.github.bucket4j.Bandwidth b : configuration.getBandwidths()) {
            long periods = (b.getCapacity() + b.getRefillTokens() - 1) / b.getRefillTokens();
            max = Math.max(max, Math.multiplyExact(periods, b.getRefillPeriodNanos()));
        }
        return Duration.ofNanos(max);
    }

    /**
     * Takes tokens from {@code bucket} until its bandwidth {@code bandwidthId} holds at most {@code atMost}; never
     * adds any. Bucket4j takes tokens from every bandwidth alike, so the others lose the same count (they count
     * calls that did not happen: the safe side), and no more is taken than the bucket holds, so no bandwidth goes
     * into debt that would outlast the provider's own window.
     *
     * @return how many tokens were taken
     */
    public static long lowerTo(Bucket bucket, String bandwidthId, long atMost) {
        VerboseResult<Long> available = bucket.asVerbose().getAvailableTokens();
        io.github.bucket4j.Bandwidth[] bandwidths = available.getConfiguration().getBandwidths();
        for (int i = 0; i < bandwidths.length; i++) {
            if (bandwidthId.equals(bandwidths[i].getId())) {
                long excess = Math.min(available.getState().getCurrentSize(i) - Math.max(0, atMost),
                        available.getValue());
                if (excess > 0) {
                    bucket.consumeIgnoringRateLimits(excess);
                    return excess;
                }
                return 0;
            }
        }
        return 0;
    }
}
