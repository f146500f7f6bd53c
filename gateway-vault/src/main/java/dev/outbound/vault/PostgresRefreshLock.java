package dev.outbound.vault;

import dev.outbound.errors.SafeText;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.spi.RefreshLock;
import dev.outbound.gateway.spi.Sleeper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link RefreshLock} on PostgreSQL: a lease table with one row per held lock ({@code lock_key}, {@code owner},
 * {@code expires_at}). Taking the lock is one upsert that succeeds only when no row exists or the row's lease has
 * expired; extending and releasing match the owner token, so a holder whose lease expired cannot touch the next
 * holder's lock. Times are the database's {@code clock_timestamp()}, so nodes need no synchronized clocks. A lease
 * table rather than an advisory lock, because an advisory lock lives as long as a connection and has no TTL: a
 * lease makes the lock's lifetime explicit and the same as on Redis.
 *
 * <p>Every statement runs under a network timeout: the rest of {@code maxWait} for {@link #acquire} (at least a
 * quarter second, for a try made at its very end), the {@code commandTimeout} for extending and releasing, so a database that stops answering ends the wait with a
 * {@link RefreshLock.LockUnavailableException} (as does one that refuses connections). Borrowing the connection is
 * bounded by the {@link DataSource}'s own settings: give it a connect and login timeout (PgJDBC's
 * {@code connectTimeout} and {@code loginTimeout}, a pool's connection timeout).
 *
 * <p>Thread-safe: each operation borrows a connection from the {@link DataSource} (use a pool in production).
 * {@link #createTableIfAbsent()} creates the table if absent; {@link #ddl()} is the same statement for a schema
 * migration.
 */
public final class PostgresRefreshLock implements RefreshLock {
    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final long MIN_ANSWER_MILLIS = 250;

    private final DataSource dataSource;
    private final String table;
    private final Duration pollInterval;
    private final Duration commandTimeout;
    private final Sleeper sleeper;

    private PostgresRefreshLock(Builder b) {
        this.dataSource = b.dataSource;
        this.table = b.table;
        this.pollInterval = b.pollInterval;
        this.commandTimeout = b.commandTimeout;
        this.sleeper = b.sleeper;
    }

    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** The DDL of the lease table, idempotent, for a schema migration. */
    public String ddl() {
        return "CREATE TABLE IF NOT EXISTS " + table + " (lock_key text PRIMARY KEY, owner text NOT NULL, "
                + "expires_at timestamptz NOT NULL)";
    }

    /** Creates the lease table if it does not exist ({@link #ddl()}); safe to run again. */
    public void createTableIfAbsent() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(ddl());
        } catch (SQLException e) {
            throw new IllegalStateException("could not create table " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Lease> acquire(AccountKey account, Duration ttl, Duration maxWait) throws InterruptedException {
        Objects.requireNonNull(account, "account");
        requirePositive(ttl, "ttl");
        Objects.requireNonNull(maxWait, "maxWait");
        String key = account.provider() + "/" + account.customerId();
        String owner = UUID.randomUUID().toString();
        String sql = "INSERT INTO " + table + " (lock_key, owner, expires_at) "
                + "VALUES (?, ?, clock_timestamp() + ?::bigint * interval '1 millisecond') "
                + "ON CONFLICT (lock_key) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at "
                + "WHERE " + table + ".expires_at <= clock_timestamp() RETURNING owner";
        long start = System.nanoTime();
        long deadline = start + Math.max(0, maxWait.toNanos());
        while (true) {
            long left = deadline - System.nanoTime();
            // A zero wait still means one honest try; a try at the very end of a wait gets the moment a healthy
            // database needs (a new connection's first statement), so that a slow answer is not taken for a dead one.
            long answerWait = maxWait.isZero() || maxWait.isNegative() ? commandTimeout.toMillis()
                    : Math.max(Math.min(commandTimeout.toMillis(), MIN_ANSWER_MILLIS),
                            TimeUnit.NANOSECONDS.toMillis(left));
            try (Connection c = dataSource.getConnection()) {
                bound(c, answerWait);
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, key);
                    ps.setString(2, owner);
                    ps.setLong(3, ttl.toMillis());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && owner.equals(rs.getString(1))) {
                            return Optional.of(new PgLease(key, owner));
                        }
                    }
                }
            } catch (SQLException e) {
                // Two first-time inserts can race on the primary key; anything else is a real failure.
                if (!"23505".equals(e.getSQLState())) {
                    throw failed("acquire", e, System.nanoTime() - start);
                }
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

    private int update(String what, String sql, String key, String owner, Long ttlMillis) {
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            bound(c, commandTimeout.toMillis());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (ttlMillis != null) {
                    ps.setLong(i++, ttlMillis);
                }
                ps.setString(i++, key);
                ps.setString(i, owner);
                return ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw failed(what, e, System.nanoTime() - start);
        }
    }

    /** A socket read that waits longer than {@code millis} fails the statement instead of blocking. */
    private static void bound(Connection c, long millis) throws SQLException {
        c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, Math.max(1, millis)));
    }

    private LockUnavailableException failed(String what, SQLException e, long tookNanos) {
        // The driver's message can name hosts and users; the SQL state says what kind of failure it was.
        return new LockUnavailableException("PostgreSQL refresh lock " + what + " on " + table + " failed after "
                + TimeUnit.NANOSECONDS.toMillis(tookNanos) + " ms: " + e.getClass().getSimpleName() + " (SQL state "
                + e.getSQLState() + ")", e);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, was " + d);
        }
    }

    private final class PgLease implements Lease {
        private final String key;
        private final String owner;

        PgLease(String key, String owner) {
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
            return update("extend", "UPDATE " + table + " SET expires_at = clock_timestamp() + ?::bigint * interval "
                    + "'1 millisecond' WHERE lock_key = ? AND owner = ? AND expires_at > clock_timestamp()",
                    key, owner, ttl.toMillis()) == 1;
        }

        @Override
        public void close() {
            update("release", "DELETE FROM " + table + " WHERE lock_key = ? AND owner = ?", key, owner, null);
        }
    }

    @Override
    public String toString() {
        return "PostgresRefreshLock[" + table + "]";
    }

    /** Builds a {@link PostgresRefreshLock}. Not thread-safe. */
    public static final class Builder {
        private final DataSource dataSource;
        private String table = "outbound_refresh_lock";
        private Duration pollInterval = Duration.ofMillis(25);
        private Duration commandTimeout = Duration.ofSeconds(2);
        private Sleeper sleeper = Sleeper.system();

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** The lease table; default {@code outbound_refresh_lock}. Lower-case letters, digits and _. */
        public Builder table(String table) {
            if (table == null || !TABLE.matcher(table).matches()) {
                throw new IllegalArgumentException("table must match " + TABLE + ", was " + SafeText.quote(table));
            }
            this.table = table;
            return this;
        }

        /** How often a waiter tries again; default 25 ms. */
        public Builder pollInterval(Duration interval) {
            requirePositive(interval, "pollInterval");
            this.pollInterval = interval;
            return this;
        }

        /**
         * How long a release, an extension or a zero-wait acquire waits for PostgreSQL's answer; default 2 s. Acquires
         * with a wait are bounded by that wait instead.
         */
        public Builder commandTimeout(Duration timeout) {
            requirePositive(timeout, "commandTimeout");
            this.commandTimeout = timeout;
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        public PostgresRefreshLock build() {
            return new PostgresRefreshLock(this);
        }
    }
}
