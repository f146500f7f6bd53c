package dev.outbound.ratelimit;

import dev.outbound.ratelimit.internal.ClockTimeMeter;
import dev.outbound.ratelimit.spi.BackendUnavailableException;
import dev.outbound.ratelimit.internal.Bucket4jConfigs;
import dev.outbound.ratelimit.spi.RateLimitBackend;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A backend for several gateway nodes on Redis through Lettuce: token buckets are Bucket4j's compare-and-swap
 * Lettuce proxies, concurrency caps are sorted sets of leases with an expiry each (taken and released by small Lua
 * scripts, so a dead node's slots come back when its leases expire), and pauses are keys holding their end.
 *
 * <p>Time: Bucket4j's CAS proxies compute bucket state on the client, so buckets, leases and pauses all follow the
 * {@link Builder#clock clock} given here (the gateway's); nodes need NTP-synchronized clocks, as with Bucket4j's own
 * client-side clock. Redis's own clock only expires keys: a bucket key lives until its bucket would be full again
 * plus {@link Builder#keepAfterRefill keepAfterRefill}, lease and pause keys until their last entry ends, so idle
 * accounts leave nothing behind.
 *
 * <p>Every Redis failure or timeout is thrown as {@link BackendUnavailableException}; the connection is opened on
 * first use and again after a failed open. Thread-safe (Lettuce connections are).
 */
public final class RedisRateLimitBackend implements RateLimitBackend {
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9:_.{}-]{1,64}");
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /** KEYS[1] lease set; ARGV now_ms, limit, lease_id, expires_ms, ttl_ms. Returns 1 when the slot was taken. */
    private static final String ACQUIRE_LEASE = String.join("\n",
            "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])",
            "if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end",
            "redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])",
            "if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[5]) then redis.call('PEXPIRE', KEYS[1], ARGV[5]) end",
            "return 1");

    /** KEYS[1] pause; ARGV until_ms, value, ttl_ms. Keeps whichever pause ends later. */
    private static final String PAUSE = String.join("\n",
            "local current = redis.call('GET', KEYS[1])",
            "if current then",
            "  local ending = tonumber(string.match(current, '^(%d+)'))",
            "  if ending and ending >= tonumber(ARGV[1]) then return 0 end",
            "end",
            "redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])",
            "return 1");

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> givenConnection;
    private final String prefix;
    private final Clock clock;
    private final Duration keepAfterRefill;
    private final Duration requestTimeout;
    private volatile Connected connected;

    private record Connected(StatefulRedisConnection<String, byte[]> connection, RedisCommands<String, byte[]> sync,
                             ProxyManager<String> buckets, boolean owned) {
    }

    private RedisRateLimitBackend(Builder b) {
        this.client = b.client;
        this.givenConnection = b.connection;
        this.prefix = b.keyPrefix;
        this.clock = b.clock;
        this.keepAfterRefill = b.keepAfterRefill;
        this.requestTimeout = b.requestTimeout;
    }

    /**
     * A backend that opens (and on {@link #close()} closes) its own connection from {@code client}; the client
     * itself stays the caller's to shut down.
     */
    public static Builder builder(RedisClient client) {
        return new Builder(Objects.requireNonNull(client, "client"), null);
    }

    /**
     * A backend on a connection the caller owns, with a {@code String} key and {@code byte[]} value codec; it is
     * not closed by {@link #close()}.
     */
    public static Builder builder(StatefulRedisConnection<String, byte[]> connection) {
        return new Builder(null, Objects.requireNonNull(connection, "connection"));
    }

    /** The codec a connection handed to {@link #builder(StatefulRedisConnection)} must use. */
    public static RedisCodec<String, byte[]> codec() {
        return CODEC;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public ConsumptionProbe tryConsume(String key, BucketConfiguration configuration, long tokens) {
        return call("take a token", () -> connected().buckets().builder()
                .build(prefix + key, () -> configuration).tryConsumeAndReturnRemaining(tokens));
    }

    @Override
    public void refund(String key, BucketConfiguration configuration, long tokens) {
        call("refund a token", () -> {
            connected().buckets().builder().build(prefix + key, () -> configuration).addTokens(tokens);
            return null;
        });
    }

    @Override
    public void lowerTo(String key, BucketConfiguration configuration, String bandwidthId, long atMost) {
        call("lower a bucket to the provider's count", () -> Bucket4jConfigs.lowerTo(
                connected().buckets().builder().build(prefix + key, () -> configuration), bandwidthId, atMost));
    }

    @Override
    public boolean tryAcquireLease(String key, int limit, String leaseId, Instant now, Instant expiresAt) {
        long nowMs = now.toEpochMilli();
        long expiresMs = expiresAt.toEpochMilli();
        long ttlMs = Math.max(1000, expiresMs - nowMs);
        Long taken = call("take a concurrency lease", () -> connected().sync().eval(ACQUIRE_LEASE,
                ScriptOutputType.INTEGER, new String[] {prefix + key},
                bytes(nowMs), bytes(limit), bytes(leaseId), bytes(expiresMs), bytes(ttlMs)));
        return taken != null && taken == 1L;
    }

    @Override
    public void releaseLease(String key, String leaseId) {
        call("release a concurrency lease", () -> connected().sync().zrem(prefix + key, bytes(leaseId)));
    }

    @Override
    public void pause(String key, Pause pause) {
        long untilMs = pause.until().toEpochMilli();
        long ttlMs = Math.max(1000, untilMs - clock.millis());
        call("record a pause", () -> connected().sync().eval(PAUSE, ScriptOutputType.INTEGER,
                new String[] {prefix + key}, bytes(untilMs), bytes(untilMs + "|" + pause.reason()), bytes(ttlMs)));
    }

    @Override
    public Optional<Pause> activePause(List<String> keys, Instant now) {
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        String[] prefixed = keys.stream().map(k -> prefix + k).toArray(String[]::new);
        List<KeyValue<String, byte[]>> values = call("read pauses", () -> connected().sync().mget(prefixed));
        Pause latest = null;
        for (KeyValue<String, byte[]> kv : values) {
            if (!kv.hasValue()) {
                continue;
            }
            Pause p = parsePause(new String(kv.getValue(), StandardCharsets.UTF_8));
            if (p != null && p.until().isAfter(now) && (latest == null || p.until().isAfter(latest.until()))) {
                latest = p;
            }
        }
        return Optional.ofNullable(latest);
    }

    /** The prefix every key of this backend starts with. */
    public String keyPrefix() {
        return prefix;
    }

    @Override
    public void close() {
        Connected c = connected;
        connected = null;
        if (c != null && c.owned()) {
            c.connection().close();
        }
    }

    private static Pause parsePause(String value) {
        int bar = value.indexOf('|');
        if (bar <= 0) {
            return null;
        }
        try {
            return new Pause(Instant.ofEpochMilli(Long.parseLong(value.substring(0, bar))), value.substring(bar + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Connected connected() {
        Connected c = connected;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (connected == null) {
                StatefulRedisConnection<String, byte[]> connection;
                boolean owned;
                if (givenConnection != null) {
                    connection = givenConnection;
                    owned = false;
                } else {
                    connection = client.connect(CODEC);
                    connection.setTimeout(requestTimeout);
                    owned = true;
                }
                ProxyManager<String> buckets = Bucket4jLettuce.casBasedBuilder(connection)
                        .clientClock(new ClockTimeMeter(clock))
                        .requestTimeout(requestTimeout)
                        .expirationAfterWrite(
                                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(keepAfterRefill))
                        .build();
                connected = new Connected(connection, connection.sync(), buckets, owned);
            }
            return connected;
        }
    }

    private <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (BackendUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            // Lettuce reports refused connections, timeouts and server errors as RedisException subclasses, and
            // Bucket4j rethrows them (sometimes wrapped); none of their messages carries a credential.
            throw new BackendUnavailableException("redis: could not " + what + ": " + e, e);
        }
    }

    private static byte[] bytes(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RedisRateLimitBackend[prefix=" + prefix + "]";
    }

    /** Builds a {@link RedisRateLimitBackend}; each setter checks its argument. Not thread-safe. */
    public static final class Builder {
        private final RedisClient client;
        private final StatefulRedisConnection<String, byte[]> connection;
        private String keyPrefix = "outbound:rl:";
        private Clock clock = Clock.systemUTC();
        private Duration keepAfterRefill = Duration.ofMinutes(1);
        private Duration requestTimeout = Duration.ofSeconds(2);

        private Builder(RedisClient client, StatefulRedisConnection<String, byte[]> connection) {
            this.client = client;
            this.connection = connection;
        }

        /** Prefix of every key, so several gateways (or tests) can share one Redis; {@code outbound:rl:} by default. */
        public Builder keyPrefix(String keyPrefix) {
            Objects.requireNonNull(keyPrefix, "keyPrefix");
            if (!PREFIX.matcher(keyPrefix).matches()) {
                throw new IllegalArgumentException("keyPrefix must be 1-64 characters of letters, digits and :_.{}-");
            }
            this.keyPrefix = keyPrefix;
            return this;
        }

        /** The gateway's clock; see the class comment on time. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long a bucket key stays after its bucket would be full again; 1 minute by default. */
        public Builder keepAfterRefill(Duration keep) {
            Objects.requireNonNull(keep, "keep");
            if (keep.isNegative()) {
                throw new IllegalArgumentException("keep must not be negative, was " + keep);
            }
            this.keepAfterRefill = keep;
            return this;
        }

        /** How long one Redis request may take before the backend counts as unavailable; 2 seconds by default. */
        public Builder requestTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.requestTimeout = timeout;
            return this;
        }

        public RedisRateLimitBackend build() {
            return new RedisRateLimitBackend(this);
        }
    }
}
