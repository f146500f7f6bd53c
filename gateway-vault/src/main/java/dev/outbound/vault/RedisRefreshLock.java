package dev.outbound.vault;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.spi.RefreshLock;
import dev.outbound.gateway.spi.Sleeper;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link RefreshLock} on Redis through Lettuce: a lease is the key {@code <prefix><provider>/<customerId>} set with
 * {@code SET NX PX ttl} to a random owner token. Only its owner can release it (compare-and-delete in a Lua script)
 * or extend it (compare-and-{@code PEXPIRE}); a holder whose lease expired and passed to another node can do
 * neither. Expiry is Redis's, so nodes need no synchronized clocks. Waiting for a held lock polls every
 * {@code pollInterval}.
 *
 * <p>Every command is sent asynchronously and awaited for no longer than the caller's wait (the rest of
 * {@code maxWait} for {@link #acquire}, at least a quarter second for a try made at its very end; the
 * {@code commandTimeout} for the rest), not for the connection's own command
 * timeout (60 s by default in Lettuce): a Redis that is down or does not answer ends the wait with a
 * {@link RefreshLock.LockUnavailableException}. A {@code SET} that Redis carries out after its caller stopped waiting
 * is released again as soon as its answer arrives, so an abandoned attempt does not hold the lock for a whole TTL.
 *
 * <p>Thread-safe: Lettuce connections are. The connection belongs to the caller, who closes it.
 */
public final class RedisRefreshLock implements RefreshLock {
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";
    private static final String EXTEND = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

    private static final long MIN_ANSWER_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final StatefulRedisConnection<String, String> connection;
    private final String prefix;
    private final Duration pollInterval;
    private final Duration commandTimeout;
    private final Sleeper sleeper;

    private RedisRefreshLock(Builder b) {
        this.connection = b.connection;
        this.prefix = b.prefix;
        this.pollInterval = b.pollInterval;
        this.commandTimeout = b.commandTimeout;
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
        long start = System.nanoTime();
        long deadline = start + Math.max(0, maxWait.toNanos());
        while (true) {
            requireConnected("SET");
            long left = deadline - System.nanoTime();
            // A zero wait still means one honest try, which needs an answer; a try at the very end of a wait gets
            // the moment a healthy Redis needs, so that a slow answer is not taken for a dead Redis.
            long answerWait = maxWait.isZero() || maxWait.isNegative() ? commandTimeout.toNanos()
                    : Math.max(left, Math.min(commandTimeout.toNanos(), MIN_ANSWER_NANOS));
            RedisFuture<String> set = connection.async().set(key, owner, SetArgs.Builder.nx().px(ttl.toMillis()));
            String answer;
            try {
                answer = set.get(answerWait, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                releaseWhenAnswered(set, key, owner);
                throw new LockUnavailableException("Redis did not answer SET for the refresh lock within "
                        + millis(System.nanoTime() - start) + " ms");
            } catch (InterruptedException e) {
                releaseWhenAnswered(set, key, owner);
                throw e;
            } catch (ExecutionException e) {
                throw failed("SET", e.getCause());
            }
            if ("OK".equals(answer)) {
                return Optional.of(new RedisLease(key, owner));
            }
            left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            sleeper.sleep(Duration.ofNanos(Math.min(left, pollInterval.toNanos())));
            if (deadline - System.nanoTime() <= 0) {
                return Optional.empty();
            }
        }
    }

    private void releaseWhenAnswered(RedisFuture<String> set, String key, String owner) {
        set.thenAccept(answer -> {
            if ("OK".equals(answer)) {
                connection.async().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key}, owner);
            }
        });
    }

    private void requireConnected(String command) {
        if (!connection.isOpen()) {
            // Lettuce would queue the command until it reconnects; nobody should wait for that.
            throw new LockUnavailableException("Redis is not connected (" + command + " for the refresh lock not "
                    + "sent)");
        }
    }

    private <T> T await(RedisFuture<T> future, String command) {
        try {
            return future.get(commandTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new LockUnavailableException("Redis did not answer " + command + " for the refresh lock within "
                    + commandTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockUnavailableException("interrupted while waiting for Redis to answer " + command);
        } catch (ExecutionException e) {
            throw failed(command, e.getCause());
        }
    }

    private static LockUnavailableException failed(String command, Throwable cause) {
        // Lettuce's messages may quote the command and its arguments (the owner token); the class says enough.
        return new LockUnavailableException("Redis failed " + command + " for the refresh lock: "
                + cause.getClass().getSimpleName(), cause);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
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
            requireConnected("PEXPIRE");
            Long r = await(connection.async().<Long>eval(EXTEND, ScriptOutputType.INTEGER, new String[] {key}, owner,
                    Long.toString(ttl.toMillis())), "PEXPIRE");
            return r != null && r == 1L;
        }

        @Override
        public void close() {
            requireConnected("DEL");
            await(connection.async().<Long>eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key}, owner), "DEL");
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
        private Duration commandTimeout = Duration.ofSeconds(2);
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

        /**
         * How long a release, an extension or a zero-wait acquire waits for Redis's answer; default 2 s. Acquires with
         * a wait are bounded by that wait instead.
         */
        public Builder commandTimeout(Duration timeout) {
            requirePositive(timeout, "commandTimeout");
            this.commandTimeout = timeout;
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
