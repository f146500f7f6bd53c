package dev.outbound.gateway.health;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.spi.HealthStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link HealthStore} in one PostgreSQL table, over plain JDBC on the application's {@link DataSource} (bring the
 * driver, {@code org.postgresql:postgresql}, and a pool): one row per integration of an account and node, upserted by each node's
 * evaluation, read whole by the dashboard's {@link HealthView}. Call {@link #createTableIfAbsent()} once at start-up
 * or create the table with the DDL from {@link #ddl()}. Thread-safe: every method takes its own connection.
 */
public final class PostgresHealthStore implements HealthStore {
    private static final Pattern NAME = Pattern.compile("([a-z_][a-z0-9_]{0,62}\\.)?[a-z_][a-z0-9_]{0,62}");
    private static final String COLUMNS = "provider, customer, integration, node, updated_at, first_seen, calls_24h, "
            + "failed_calls_24h, day, records_today, records_failed_today, errors_today, last_sync_at, "
            + "last_sync_outcome, last_sync_summary, last_success_at, not_succeeded_since, degraded_since, "
            + "credential_state, credential_reason, credential_reason_code, credential_since, circuit_state, backlog, "
            + "last_error_category, last_error_reason, last_error_code";
    /** Columns added when health became per integration; {@link #createTableIfAbsent()} adds them to older tables. */
    private static final String[] ADDED = {"integration", "credential_reason_code", "last_error_category",
        "last_error_reason", "last_error_code"};

    private final DataSource dataSource;
    private final String table;

    private PostgresHealthStore(Builder b) {
        this.dataSource = b.dataSource;
        this.table = b.table;
    }

    /** A store on {@code dataSource}, in the table {@code outbound_health} unless {@link Builder#table} says. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** The table's DDL. */
    public String ddl() {
        return "CREATE TABLE IF NOT EXISTS " + table + " ("
                + "provider text NOT NULL, customer text NOT NULL, integration text NOT NULL DEFAULT '', "
                + "node text NOT NULL, "
                + "updated_at timestamptz NOT NULL, first_seen timestamptz NOT NULL, "
                + "calls_24h bigint NOT NULL, failed_calls_24h bigint NOT NULL, day date NOT NULL, "
                + "records_today bigint NOT NULL, records_failed_today bigint NOT NULL, errors_today text NOT NULL, "
                + "last_sync_at timestamptz, last_sync_outcome text NOT NULL, last_sync_summary text NOT NULL, "
                + "last_success_at timestamptz, not_succeeded_since timestamptz, degraded_since timestamptz, "
                + "credential_state text NOT NULL, credential_reason text NOT NULL, "
                + "credential_reason_code text NOT NULL DEFAULT '', credential_since timestamptz, "
                + "circuit_state text NOT NULL, backlog bigint NOT NULL, last_error_category text NOT NULL DEFAULT '', "
                + "last_error_reason text NOT NULL DEFAULT '', last_error_code text NOT NULL DEFAULT '', "
                + "PRIMARY KEY (provider, customer, integration, node))";
    }

    /**
     * Creates the table unless it exists, and brings a table from before health was per integration up to date (adds
     * the new columns, with the account's rows as its calls outside any integration, and widens the primary key).
     */
    public void createTableIfAbsent() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(ddl());
            boolean old;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM information_schema.columns "
                    + "WHERE table_name = ? AND column_name = 'integration'"
                    + (table.contains(".") ? " AND table_schema = ?" : " AND table_schema = current_schema()"))) {
                String[] parts = table.split("\\.");
                ps.setString(1, parts[parts.length - 1]);
                if (parts.length == 2) {
                    ps.setString(2, parts[0]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    old = rs.getLong(1) == 0;
                }
            }
            if (old) {
                c.setAutoCommit(false);
                for (String col : ADDED) {
                    st.execute("ALTER TABLE " + table + " ADD COLUMN " + col + " text NOT NULL DEFAULT ''");
                }
                String base = table.substring(table.indexOf('.') + 1);
                st.execute("ALTER TABLE " + table + " DROP CONSTRAINT " + base + "_pkey");
                st.execute("ALTER TABLE " + table + " ADD PRIMARY KEY (provider, customer, integration, node)");
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create health table " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void publish(ActivitySnapshot snapshot) {
        publishAll(List.of(snapshot));
    }

    @Override
    public void publishAll(List<ActivitySnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return;
        }
        StringBuilder update = new StringBuilder();
        for (String col : COLUMNS.split(", ")) {
            if (!col.equals("provider") && !col.equals("customer") && !col.equals("integration")
                    && !col.equals("node")) {
                update.append(update.length() == 0 ? "" : ", ").append(col).append(" = EXCLUDED.").append(col);
            }
        }
        String sql = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (" + "?, ".repeat(26) + "?) "
                + "ON CONFLICT (provider, customer, integration, node) DO UPDATE SET " + update
                + " WHERE " + table + ".updated_at <= EXCLUDED.updated_at";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (ActivitySnapshot s : snapshots) {
                int i = 0;
                ps.setString(++i, s.account().provider());
                ps.setString(++i, s.account().customerId());
                ps.setString(++i, s.integration());
                ps.setString(++i, s.node());
                ps.setTimestamp(++i, Timestamp.from(s.updatedAt()));
                ps.setTimestamp(++i, Timestamp.from(s.firstSeen()));
                ps.setLong(++i, s.calls24h());
                ps.setLong(++i, s.failedCalls24h());
                ps.setObject(++i, s.day());
                ps.setLong(++i, s.recordsToday());
                ps.setLong(++i, s.recordsFailedToday());
                ps.setString(++i, encode(s.errorsToday()));
                ps.setTimestamp(++i, ts(s.lastSyncAt()));
                ps.setString(++i, s.lastSyncOutcome());
                ps.setString(++i, s.lastSyncSummary());
                ps.setTimestamp(++i, ts(s.lastSuccessAt()));
                ps.setTimestamp(++i, ts(s.notSucceededSince()));
                ps.setTimestamp(++i, ts(s.degradedSince()));
                ps.setString(++i, s.credentialState().wireName());
                ps.setString(++i, s.credentialReason());
                ps.setString(++i, s.credentialReasonCode());
                ps.setTimestamp(++i, ts(s.credentialSince()));
                ps.setString(++i, s.circuitState());
                ps.setLong(++i, s.backlog());
                ps.setString(++i, s.lastErrorCategory());
                ps.setString(++i, s.lastErrorReason());
                ps.setString(++i, s.lastErrorCode());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot publish " + snapshots.size() + " health snapshot(s) to " + table
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<ActivitySnapshot> snapshots() {
        List<ActivitySnapshot> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + COLUMNS + " FROM " + table)) {
            while (rs.next()) {
                out.add(new ActivitySnapshot(AccountKey.of(rs.getString("provider"), rs.getString("customer")),
                        rs.getString("integration"), rs.getString("node"), instant(rs, "updated_at").orElseThrow(),
                        instant(rs, "first_seen").orElseThrow(), rs.getLong("calls_24h"),
                        rs.getLong("failed_calls_24h"), rs.getObject("day", LocalDate.class),
                        rs.getLong("records_today"), rs.getLong("records_failed_today"),
                        decode(rs.getString("errors_today")), instant(rs, "last_sync_at"),
                        rs.getString("last_sync_outcome"), rs.getString("last_sync_summary"),
                        instant(rs, "last_success_at"), instant(rs, "not_succeeded_since"),
                        instant(rs, "degraded_since"),
                        CredentialState.fromWireName(rs.getString("credential_state")),
                        rs.getString("credential_reason"), rs.getString("credential_reason_code"),
                        instant(rs, "credential_since"), rs.getString("circuit_state"), rs.getLong("backlog"),
                        rs.getString("last_error_category"), rs.getString("last_error_reason"),
                        rs.getString("last_error_code")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read health snapshots from " + table + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Deletes one node's snapshots (a node retired for good); returns how many. */
    public int forgetNode(String node) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE node = ?")) {
            ps.setString(1, Objects.requireNonNull(node, "node"));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete node snapshots from " + table + ": " + e.getMessage(), e);
        }
    }

    private static Timestamp ts(Optional<Instant> i) {
        return i.map(Timestamp::from).orElse(null);
    }

    private static Optional<Instant> instant(ResultSet rs, String col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }

    /** Category wire names are {@code [a-z_]}, so {@code name=count,name=count} needs no escaping. */
    private static String encode(Map<String, Long> errors) {
        StringBuilder sb = new StringBuilder();
        errors.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }

    private static Map<String, Long> decode(String text) {
        Map<String, Long> m = new TreeMap<>();
        if (text != null && !text.isEmpty()) {
            for (String part : text.split(",")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    m.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
                }
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return "PostgresHealthStore[" + table + "]";
    }

    /** Builds a {@link PostgresHealthStore}. Not thread-safe. */
    public static final class Builder {
        private final DataSource dataSource;
        private String table = "outbound_health";

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** The table, optionally schema-qualified: lower-case letters, digits and underscores. */
        public Builder table(String table) {
            Objects.requireNonNull(table, "table");
            if (!NAME.matcher(table).matches()) {
                throw new IllegalArgumentException("table must be [schema.]name of lower-case letters, digits and "
                        + "underscores, was '" + table.replaceAll("\\p{Cntrl}", "?") + "'");
            }
            this.table = table;
            return this;
        }

        public PostgresHealthStore build() {
            return new PostgresHealthStore(this);
        }
    }
}
