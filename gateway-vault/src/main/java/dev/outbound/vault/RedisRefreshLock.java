package dev.outbound.vault;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.spi.RefreshLock;
import dev.outbound.gateway.spi.Sleeper;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link RefreshLock} on Redis through Lettuce: a lease is the key {@code <prefix><provider>/<customerId>} set with
 * {@code SET NX PX ttl} to a random owner token. Only its owner can release it (compare-and-delete in a Lua script)
 * or extend it (compare-and-{@code PEXPIRE}); a holder whose lease expired and passed to another node can do
 * neither. Expiry is Redis's, so nodes need no synchronized clocks. Waiting for a held lock polls every
 * {@code pollInterval}.
 *
 * <p>Thread-safe: Lettuce connections are. The connection belongs to the caller, who closes it.
 */
public final class RedisRefreshLock implements RefreshLock {
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";
    private static final String EXTEND = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

    private final StatefulRedisConnection<String, String> connection;
    private final String prefix;
    private final Duration pollInterval;
    private final Sleeper sleeper;

    private RedisRefreshLock(Builder b) {
        this.connection = b.connection;
        this.prefix = b.prefix;
        this.pollInterval = b.pollInterval;
        this.sleeper = b.sleeper;
    }

    public static Builder builder(StatefulRedisConnection<String, String> connection) {
        return new Builder(connection);
    }

    /** The Redis key of an account's lock. */
    public String key(AccountKey account) {
        return prefix + account.provider() + "/" + account.customerId();
    }

    @Override
    public Optional<Lease> acquire(AccountKey account, Duration ttl, Duration maxWait) throws InterruptedException {
        Objects.requireNonNull(account, "account");
        requirePositive(ttl, "ttl");
        Objects.requireNonNull(maxWait, "maxWait");
        String key = key(account);
        String owner = UUID.randomUUID().toString();
        RedisCommands<String, String> redis = connection.sync();
        long deadline = System.nanoTime() + Math.max(0, maxWait.toNanos());
        while (true) {
            if ("OK".equals(redis.set(key, owner, SetArgs.Builder.nx().px(ttl.toMillis())))) {
                return Optional.of(new RedisLease(key, owner));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            sleeper.sleep(Duration.ofNanos(Math.min(left, pollInterval.toNanos())));
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, was " + d);
        }
    }

    private final class RedisLease implements Lease {
        private final String key;
        private final String owner;

        RedisLease(String key, String owner) {
            this.key = key;
            this.owner = owner;
        }

        @Override
        public String ownerToken() {
            return owner;
        }

        @Override
        public boolean extend(Duration ttl) {
            requirePositive(ttl, "ttl");
            Long r = connection.sync().eval(EXTEND, ScriptOutputType.INTEGER, new String[] {key}, owner,
                    Long.toString(ttl.toMillis()));
            return r != null && r == 1L;
        }

        @Override
        public void close() {
            connection.sync().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key}, owner);
        }
    }

    @Override
    public String toString() {
        return "RedisRefreshLock[" + prefix + "*]";
    }

    /** Builds a {@link RedisRefreshLock}. Not thread-safe. */
    public static final class Builder {
        private final StatefulRedisConnection<String, String> connection;
        private String prefix = "outbound:refresh-lock:";
        private Duration pollInterval = Duration.ofMillis(25);
        private Sleeper sleeper = Sleeper.system();

        private Builder(StatefulRedisConnection<String, String> connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
        }

        /** Prefix of the lock keys; default {@code outbound:refresh-lock:}. */
        public Builder keyPrefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "keyPrefix");
            return this;
        }

        /** How often a waiter tries again; default 25 ms. */
        public Builder pollInterval(Duration interval) {
            requirePositive(interval, "pollInterval");
            this.pollInterval = interval;
            return this;
        }

        /** How a waiter waits between tries; real time by default (expiry is Redis's real time). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        public RedisRefreshLock build() {
            return new RedisRefreshLock(this);
        }
    }
}
