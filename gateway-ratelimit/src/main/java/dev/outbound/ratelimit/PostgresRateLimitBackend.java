package dev.outbound.ratelimit;

import dev.outbound.ratelimit.internal.ClockTimeMeter;
import dev.outbound.ratelimit.spi.BackendUnavailableException;
import dev.outbound.ratelimit.internal.Bucket4jConfigs;
import dev.outbound.ratelimit.spi.RateLimitBackend;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A backend for several gateway nodes on PostgreSQL through JDBC, on a pooled {@link DataSource}: token buckets
 * are Bucket4j's {@code SELECT ... FOR UPDATE} proxies, concurrency leases are rows with an expiry taken under a
 * transaction-scoped advisory lock per cap (so a dead node's slots come back when its leases expire), and pauses
 * are rows holding their end.
 *
 * <p>Tables ({@code <prefix>_bucket}, {@code <prefix>_lease}, {@code <prefix>_pause}) are created by
 * {@link #createTableIfAbsent()} or by a schema migration holding {@link #ddl()}. Rows of buckets idle
 * until they would be full again (plus {@code keepAfterRefill}), of expired leases and of ended pauses are deleted
 * at most once per {@code cleanupInterval}, by whichever caller comes first.
 *
 * <p>Time: Bucket4j computes bucket state on the client, so buckets, leases and pauses follow the
 * {@link Builder#clock clock} given here (the gateway's); nodes need NTP-synchronized clocks. Only the
 * {@code expires_at} of bucket rows is written by Bucket4j from the system clock, so their cleanup follows it. Every
 * SQL failure is thrown as {@link BackendUnavailableException}. Thread-safe.
 */
public final class PostgresRateLimitBackend implements RateLimitBackend {
    /** One unquoted PostgreSQL identifier: lower case, so it needs no quoting, and at most 63 characters. */
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String LONGEST_SUFFIX = "_bucket";

    private final DataSource dataSource;
    private final String prefix;
    private final Clock clock;
    private final Duration cleanupInterval;
    private final ProxyManager<String> buckets;
    private final AtomicLong nextCleanupMillis;

    private PostgresRateLimitBackend(Builder b) {
        this.dataSource = b.dataSource;
        this.prefix = b.tablePrefix;
        this.clock = b.clock;
        this.cleanupInterval = b.cleanupInterval;
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(prefix + "_bucket")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .clientClock(new ClockTimeMeter(clock))
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        b.keepAfterRefill))
                .build();
        this.nextCleanupMillis = new AtomicLong(clock.millis() + cleanupInterval.toMillis());
    }

    public static Builder builder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /**
     * Creates this backend's three tables where they do not exist yet; idempotent, so it can run on every start.
     * Run it from one node (or use {@link #ddl()} in a migration): PostgreSQL may refuse two concurrent creations
     * of the same table.
     *
     * @throws BackendUnavailableException if PostgreSQL cannot be reached or refuses the DDL
     */
    public void createTableIfAbsent() {
        sql("create tables", connection -> {
            try (Statement st = connection.createStatement()) {
                for (String statement : ddl().split("\n")) {
                    st.execute(statement);
                }
            }
            return null;
        });
    }

    /** The DDL of this backend's three tables, one statement a line, for a schema migration tool. */
    public String ddl() {
        String p = prefix;
        return "CREATE TABLE IF NOT EXISTS " + p + "_bucket (id VARCHAR(512) PRIMARY KEY, state BYTEA, "
                + "expires_at BIGINT);\n"
                + "CREATE TABLE IF NOT EXISTS " + p + "_lease (cap_key VARCHAR(512) NOT NULL, "
                + "lease_id VARCHAR(64) NOT NULL, expires_at BIGINT NOT NULL, PRIMARY KEY (cap_key, lease_id));\n"
                + "CREATE TABLE IF NOT EXISTS " + p + "_pause (pause_key VARCHAR(512) PRIMARY KEY, "
                + "until_ms BIGINT NOT NULL, reason VARCHAR(64) NOT NULL);\n";
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public ConsumptionProbe tryConsume(String key, BucketConfiguration configuration, long tokens) {
        cleanupIfDue();
        return call("take a token", () -> buckets.builder().build(key, () -> configuration)
                .tryConsumeAndReturnRemaining(tokens));
    }

    @Override
    public void refund(String key, BucketConfiguration configuration, long tokens) {
        call("refund a token", () -> {
            buckets.builder().build(key, () -> configuration).addTokens(tokens);
            return null;
        });
    }

    @Override
    public void lowerTo(String key, BucketConfiguration configuration, String bandwidthId, long atMost) {
        call("lower a bucket to the provider's count", () -> Bucket4jConfigs.lowerTo(
                buckets.builder().build(key, () -> configuration), bandwidthId, atMost));
    }

    @Override
    public boolean tryAcquireLease(String key, int limit, String leaseId, Instant now, Instant expiresAt) {
        return sql("take a concurrency lease", connection -> {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement lock = connection.prepareStatement(
                        "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                    lock.setString(1, prefix + ":" + key);
                    lock.execute();
                }
                try (PreparedStatement expire = connection.prepareStatement(
                        "DELETE FROM " + prefix + "_lease WHERE cap_key = ? AND expires_at <= ?")) {
                    expire.setString(1, key);
                    expire.setLong(2, now.toEpochMilli());
                    expire.executeUpdate();
                }
                int held;
                try (PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM " + prefix + "_lease WHERE cap_key = ?")) {
                    count.setString(1, key);
                    try (ResultSet rs = count.executeQuery()) {
                        rs.next();
                        held = rs.getInt(1);
                    }
                }
                boolean taken = held < limit;
                if (taken) {
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO " + prefix + "_lease (cap_key, lease_id, expires_at) VALUES (?, ?, ?)")) {
                        insert.setString(1, key);
                        insert.setString(2, leaseId);
                        insert.setLong(3, expiresAt.toEpochMilli());
                        insert.executeUpdate();
                    }
                }
                connection.commit();
                return taken;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        });
    }

    @Override
    public void releaseLease(String key, String leaseId) {
        sql("release a concurrency lease", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + prefix + "_lease WHERE cap_key = ? AND lease_id = ?")) {
                delete.setString(1, key);
                delete.setString(2, leaseId);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public void pause(String key, Pause pause) {
        sql("record a pause", connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO " + prefix + "_pause (pause_key, until_ms, reason) VALUES (?, ?, ?) "
                            + "ON CONFLICT (pause_key) DO UPDATE SET until_ms = EXCLUDED.until_ms, "
                            + "reason = EXCLUDED.reason WHERE " + prefix + "_pause.until_ms < EXCLUDED.until_ms")) {
                upsert.setString(1, key);
                upsert.setLong(2, pause.until().toEpochMilli());
                upsert.setString(3, pause.reason());
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Pause> activePause(List<String> keys, Instant now) {
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        return sql("read pauses", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT until_ms, reason FROM " + prefix + "_pause WHERE pause_key = ANY (?) AND until_ms > ? "
                            + "ORDER BY until_ms DESC LIMIT 1")) {
                Array array = connection.createArrayOf("varchar", keys.toArray());
                select.setArray(1, array);
                select.setLong(2, now.toEpochMilli());
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Pause>empty();
                    }
                    return Optional.of(new Pause(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2)));
                }
            }
        });
    }

    /**
     * Deletes rows of idle buckets, expired leases and ended pauses, at most {@code batch} per table; called on its
     * own every cleanup interval, public for a scheduler that prefers to run it.
     *
     * @return rows deleted
     */
    public int removeExpired(int batch) {
        long now = clock.millis();
        return sql("remove expired rows", connection -> {
            int removed = 0;
            // Bucket4j writes a bucket row's expires_at from the system clock, not from the client clock it is
            // given, so bucket rows are compared with the system clock; leases and pauses follow the gateway clock.
            removed += deleteExpired(connection, "_bucket", "id", "expires_at", System.currentTimeMillis(), batch);
            removed += deleteExpired(connection, "_lease", "ctid", "expires_at", now, batch);
            removed += deleteExpired(connection, "_pause", "pause_key", "until_ms", now, batch);
            return removed;
        });
    }

    private int deleteExpired(Connection connection, String table, String id, String column, long now, int batch)
            throws SQLException {
        String t = prefix + table;
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + t + " WHERE " + id + " IN ("
                + "SELECT " + id + " FROM " + t + " WHERE " + column + " < ? LIMIT ? FOR UPDATE SKIP LOCKED)")) {
            delete.setLong(1, now);
            delete.setInt(2, batch);
            return delete.executeUpdate();
        }
    }

    /** The prefix of this backend's tables. */
    public String tablePrefix() {
        return prefix;
    }

    private void cleanupIfDue() {
        long due = nextCleanupMillis.get();
        long now = clock.millis();
        if (now >= due && nextCleanupMillis.compareAndSet(due, now + cleanupInterval.toMillis())) {
            removeExpired(1000);
        }
    }

    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T sql(String what, SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new BackendUnavailableException("postgresql: could not " + what + " (SQLState " + e.getSQLState()
                    + ")", e);
        }
    }

    private <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (BackendUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            // Bucket4j wraps the driver's SQLException in a RuntimeException; its message holds no credential.
            throw new BackendUnavailableException("postgresql: could not " + what + ": " + e, e);
        }
    }

    /**
     * The project's one table-name rule, {@code [a-z_][a-z0-9_]{0,62}}, applied to the optional schema and to the
     * longest table name the prefix makes: PostgreSQL would silently cut a longer name to 63 characters.
     */
    private static String requirePrefix(String tablePrefix) {
        Objects.requireNonNull(tablePrefix, "tablePrefix");
        int dot = tablePrefix.indexOf('.');
        boolean schemaOk = dot < 0 || IDENTIFIER.matcher(tablePrefix.substring(0, dot)).matches();
        String name = tablePrefix.substring(dot + 1);
        if (!schemaOk || !IDENTIFIER.matcher(name).matches() || !IDENTIFIER.matcher(name + LONGEST_SUFFIX).matches()) {
            throw new IllegalArgumentException("tablePrefix must be a lower-case SQL identifier, optionally "
                    + "schema-qualified (schema.name), short enough that <prefix>" + LONGEST_SUFFIX
                    + " has at most 63 characters");
        }
        return tablePrefix;
    }

    @Override
    public String toString() {
        return "PostgresRateLimitBackend[tables=" + prefix + "_*]";
    }

    /** Builds a {@link PostgresRateLimitBackend}; each setter checks its argument. Not thread-safe. */
    public static final class Builder {
        private final DataSource dataSource;
        private String tablePrefix = "outbound_ratelimit";
        private Clock clock = Clock.systemUTC();
        private Duration keepAfterRefill = Duration.ofMinutes(1);
        private Duration cleanupInterval = Duration.ofMinutes(5);

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * Tables are {@code <prefix>_bucket}, {@code _lease}, {@code _pause}; {@code outbound_ratelimit} by default.
         * The prefix may name a schema ({@code schema.prefix}).
         */
        public Builder tablePrefix(String tablePrefix) {
            this.tablePrefix = requirePrefix(tablePrefix);
            return this;
        }

        /** The gateway's clock; see the class comment on time. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long a bucket row stays after its bucket would be full again; 1 minute by default. */
        public Builder keepAfterRefill(Duration keep) {
            Objects.requireNonNull(keep, "keep");
            if (keep.isNegative()) {
                throw new IllegalArgumentException("keep must not be negative, was " + keep);
            }
            this.keepAfterRefill = keep;
            return this;
        }

        /** How often expired rows are deleted; 5 minutes by default. */
        public Builder cleanupInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval must be positive, was " + interval);
            }
            this.cleanupInterval = interval;
            return this;
        }

        public PostgresRateLimitBackend build() {
            return new PostgresRateLimitBackend(this);
        }
    }
}
