package dev.outbound.ratelimit.spi;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the limiter's shared state lives: Bucket4j token buckets, concurrency leases and pauses, each under a key
 * that the limiter builds (backends add their own prefix). The limiter decides <em>what</em> to take and in which
 * order; a backend only stores and updates atomically. Implementations must be thread-safe, and must throw
 * {@link BackendUnavailableException} — never another exception — when their store cannot be reached, so the
 * limiter can apply its fail-closed or fall-back policy.
 *
 * <p>Times passed in are the limiter's clock; backends that keep state for a while also expire it on their own
 * after inactivity (a bucket left alone refills to full, so dropping it loses nothing).
 */
public interface RateLimitBackend extends AutoCloseable {

    /** Short, bounded name for logs and metric tags, e.g. {@code local}, {@code redis}, {@code postgresql}. */
    String name();

    /**
     * Takes {@code tokens} from the bucket at {@code key}, creating it full with {@code configuration} if it does
     * not exist (or has expired).
     *
     * @return Bucket4j's probe: whether the tokens were taken, what remains, and how long until they would be
     */
    ConsumptionProbe tryConsume(String key, BucketConfiguration configuration, long tokens);

    /** Gives back tokens taken by {@link #tryConsume} when another limit of the same call refused. */
    void refund(String key, BucketConfiguration configuration, long tokens);

    /**
     * Lowers the bucket at {@code key} so that its bandwidth {@code bandwidthId} holds at most {@code atMost} tokens,
     * because the provider said fewer requests remain; never adds tokens (Bucket4jConfigs#lowerTo in the limiter's
     * internal package does it on a Bucket4j bucket). The default does nothing: a backend that cannot lower a
     * bucket keeps counting on its own.
     */
    default void lowerTo(String key, BucketConfiguration configuration, String bandwidthId, long atMost) {
    }

    /**
     * Takes one of {@code limit} concurrency slots at {@code key} for the lease {@code leaseId}, first dropping
     * leases that expired at or before {@code now}. A lease not released comes back at {@code expiresAt}, so the
     * slots of a node that died are not lost.
     *
     * @return whether the slot was taken
     */
    boolean tryAcquireLease(String key, int limit, String leaseId, Instant now, Instant expiresAt);

    /** Gives back a lease; releasing one that is gone (expired or released) does nothing. */
    void releaseLease(String key, String leaseId);

    /** Records that nothing may be taken at {@code key} before {@code pause.until()}; a later pause wins. */
    void pause(String key, Pause pause);

    /** The pause among {@code keys} that ends last, if any is still running at {@code now}. */
    Optional<Pause> activePause(List<String> keys, Instant now);

    /** Closes connections this backend opened itself; connections handed to its builder stay open. */
    @Override
    default void close() {
    }

    /**
     * A pause of a bucket, e.g. after the provider answered 429.
     *
     * @param until when takes may start again
     * @param reason the envelope reason a call refused because of it carries, e.g. {@code quota_exhausted}
     */
    record Pause(Instant until, String reason) {
        public Pause {
            java.util.Objects.requireNonNull(until, "until");
            java.util.Objects.requireNonNull(reason, "reason");
        }
    }
}
