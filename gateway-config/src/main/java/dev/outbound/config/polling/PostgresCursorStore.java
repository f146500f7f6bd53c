package dev.outbound.config.polling;

import dev.outbound.config.ConfigKey;
import dev.outbound.config.spi.Cursor;
import dev.outbound.config.spi.CursorStore;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@link CursorStore} on a PostgreSQL table {@code (customer, integration, cursor, version, updated_at)}, shared by
 * every node. Compare-and-set is one conditional statement, so two nodes polling one integration cannot both move
 * its cursor. Needs the PostgreSQL JDBC driver (an optional dependency) behind the {@link DataSource}. Thread-safe.
 */
public final class PostgresCursorStore implements CursorStore {

    private static final Pattern TABLE_NAME =
            Pattern.compile("([a-z_][a-z0-9_]{0,62}\\.)?[a-z_][a-z0-9_]{0,62}");

    private final DataSource dataSource;
    private final String table;
    private final Clock clock;

    private PostgresCursorStore(Builder b) {
        this.dataSource = b.dataSource;
        this.table = b.table;
        this.clock = b.clock;
    }

    /** A builder for a store on {@code dataSource}. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** The statement {@link #createTableIfAbsent()} runs, for operators who create tables through migrations. */
    public String ddl() {
        return "create table if not exists " + table + " (customer text not null, integration text not null, "
                + "cursor text not null, version bigint not null, updated_at timestamptz not null, "
                + "primary key (customer, integration))";
    }

    /** Creates the table if it does not exist; running it again changes nothing. */
    public void createTableIfAbsent() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(ddl());
        } catch (SQLException e) {
            throw new IllegalStateException("could not create cursor table " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Cursor> load(ConfigKey key) {
        Objects.requireNonNull(key, "key");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select cursor from " + table
                     + " where customer = ? and integration = ?")) {
            ps.setString(1, key.customerId());
            ps.setString(2, key.integration());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Cursor(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the cursor of " + key + ": " + e.getSQLState(), e);
        }
    }

    @Override
    public boolean compareAndSet(ConfigKey key, Optional<Cursor> expected, Cursor next) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(next, "next");
        String sql = expected.isEmpty()
                ? "insert into " + table + " (customer, integration, cursor, version, updated_at) values (?, ?, ?, 1, ?) "
                  + "on conflict (customer, integration) do nothing"
                : "update " + table + " set cursor = ?, version = version + 1, updated_at = ? "
                  + "where customer = ? and integration = ? and cursor = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Timestamp now = Timestamp.from(clock.instant());
            if (expected.isEmpty()) {
                ps.setString(1, key.customerId());
                ps.setString(2, key.integration());
                ps.setString(3, next.value());
                ps.setTimestamp(4, now);
            } else {
                ps.setString(1, next.value());
                ps.setTimestamp(2, now);
                ps.setString(3, key.customerId());
                ps.setString(4, key.integration());
                ps.setString(5, expected.get().value());
            }
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the cursor of " + key + ": " + e.getSQLState(), e);
        }
    }

    /**
     * Table names are spliced into SQL (identifiers cannot be bound), so only a narrow shape is accepted:
     * {@code name} or {@code schema.name}, each part {@code [a-z_][a-z0-9_]{0,62}}.
     */
    private static String requireTableName(String name) {
        if (name == null || !TABLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("table must be [schema.]name in lower-case letters, digits and _, was "
                    + name);
        }
        return name;
    }

    /** Collects the store's settings; not thread-safe. */
    public static final class Builder {
        private final DataSource dataSource;
        private String table = "outbound_poll_cursor";
        private Clock clock = Clock.systemUTC();

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** {@code table} or {@code schema.table}; {@code outbound_poll_cursor} by default. */
        public Builder table(String table) {
            this.table = requireTableName(table);
            return this;
        }

        /** Stamps {@code updated_at}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public PostgresCursorStore build() {
            return new PostgresCursorStore(this);
        }
    }
}
