package dev.outbound.config;

import dev.outbound.config.spi.ConfigStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A {@link ConfigStore} on a PostgreSQL table with one row per customer and integration:
 * {@code (customer, integration, document jsonb, version, updated_at)}. Several application nodes share it; each
 * refreshes on its own and loads only rows whose version changed.
 *
 * <p>{@link #publish(String)} validates a document before it is written, so operators cannot store an invalid one
 * through it. A row changed behind its back (plain SQL) is validated on refresh like any other, and if invalid the
 * last valid version stays in force on every node. A failed query changes nothing. Needs the PostgreSQL JDBC driver
 * (an optional dependency) behind the {@link DataSource}. Thread-safe.
 */
public final class PostgresConfigStore implements ConfigStore {

    private static final Logger log = LoggerFactory.getLogger(PostgresConfigStore.class);
    private static final Pattern TABLE_NAME =
            Pattern.compile("([a-z_][a-z0-9_]{0,62}\\.)?[a-z_][a-z0-9_]{0,62}");

    private final DataSource dataSource;
    private final String table;
    private final ConfigLoader loader;
    private final Clock clock;
    private final ConfigTracker tracker = new ConfigTracker();

    private PostgresConfigStore(Builder b) {
        this.dataSource = b.dataSource;
        this.table = b.table;
        this.loader = b.loader;
        this.clock = b.clock;
    }

    /** A builder for a store on {@code dataSource}. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** The statement {@link #createTableIfAbsent()} runs, for operators who create tables through migrations. */
    public String ddl() {
        return "create table if not exists " + table + " ("
                + "customer text not null, "
                + "integration text not null, "
                + "document jsonb not null, "
                + "version bigint not null, "
                + "updated_at timestamptz not null, "
                + "primary key (customer, integration))";
    }

    /** Creates the table if it does not exist; running it again changes nothing. */
    public void createTableIfAbsent() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(ddl());
        } catch (SQLException e) {
            throw new IllegalStateException("could not create configuration table " + table + ": " + e.getMessage(), e);
        }
    }

    /**
     * Validates a document (JSON or YAML) and stores it as the next version of its configuration.
     *
     * @return the version written
     * @throws ConfigValidationException if the document is invalid; nothing is written then
     */
    public long publish(String document, ConfigLoader.Format format) {
        Objects.requireNonNull(document, "document");
        LoadedConfig config = loader.load(table + " (publish)", format, document.getBytes(StandardCharsets.UTF_8));
        // Stored as JSON whatever it was written in: jsonb is the column type, and one form is easier to audit.
        String json = loader.toJson(format, document.getBytes(StandardCharsets.UTF_8));
        String sql = "insert into " + table + " as t (customer, integration, document, version, updated_at) "
                + "values (?, ?, ?::jsonb, 1, ?) on conflict (customer, integration) do update "
                + "set document = excluded.document, version = t.version + 1, updated_at = excluded.updated_at "
                + "returning version";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, config.key().customerId());
            ps.setString(2, config.key().integration());
            ps.setString(3, json);
            ps.setTimestamp(4, Timestamp.from(clock.instant()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not publish " + config.key() + " to " + table + ": " + e.getMessage(), e);
        }
    }

    /** Validates and stores a JSON document; see {@link #publish(String, ConfigLoader.Format)}. */
    public long publish(String json) {
        return publish(json, ConfigLoader.Format.JSON);
    }

    /** Deletes a configuration; it leaves the store at the next refresh. Returns whether a row was deleted. */
    public boolean delete(ConfigKey key) {
        Objects.requireNonNull(key, "key");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("delete from " + table + " where customer = ? and integration = ?")) {
            ps.setString(1, key.customerId());
            ps.setString(2, key.integration());
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("could not delete " + key + " from " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<LoadedConfig> find(ConfigKey key) {
        return tracker.find(Objects.requireNonNull(key, "key"));
    }

    @Override
    public List<LoadedConfig> all() {
        return tracker.all();
    }

    @Override
    public RefreshReport refresh() {
        List<ConfigTracker.Candidate> candidates = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select customer, integration, version from " + table)) {
            while (rs.next()) {
                String customer = rs.getString(1);
                String integration = rs.getString(2);
                long version = rs.getLong(3);
                String source = table + "/" + customer + "/" + integration;
                candidates.add(new ConfigTracker.Candidate(source, Long.toString(version), OptionalLong.of(version),
                        () -> loadRow(source, customer, integration, version)));
            }
        } catch (SQLException e) {
            return new RefreshReport(List.of(), List.of(), List.of(new ConfigProblem(ConfigProblem.UNKNOWN_CUSTOMER,
                    table, "$", "table could not be read (" + e.getSQLState() + "); every configuration stays as it was")));
        }
        RefreshReport report = tracker.refresh(candidates);
        for (ConfigProblem problem : report.rejected()) {
            log.warn("configuration rejected, last valid version stays in force: {}", problem);
        }
        return report;
    }

    private LoadedConfig loadRow(String source, String customer, String integration, long version) {
        ConfigKey key;
        try {
            key = ConfigKey.of(customer, integration);
        } catch (IllegalArgumentException e) {
            throw new ConfigValidationException(List.of(new ConfigProblem(ConfigProblem.UNKNOWN_CUSTOMER, source, "$",
                    "row key is invalid: " + e.getMessage())));
        }
        String at = source + "@v" + version;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select document::text from " + table + " where customer = ? and integration = ? and version = ?")) {
            ps.setString(1, customer);
            ps.setString(2, integration);
            ps.setLong(3, version);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    // Changed again between the two queries: the next refresh sees the newer version.
                    throw new ConfigValidationException(List.of(new ConfigProblem(customer, at, "$",
                            "row changed while it was being read; it is read again at the next refresh")));
                }
                return loader.load(at, ConfigLoader.Format.JSON, rs.getString(1).getBytes(StandardCharsets.UTF_8),
                        Optional.of(key));
            }
        } catch (SQLException e) {
            throw new ConfigValidationException(List.of(new ConfigProblem(customer, at, "$",
                    "row could not be read (" + e.getSQLState() + ")")));
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
        private String table = "outbound_integration_config";
        private ConfigLoader loader;
        private Clock clock = Clock.systemUTC();

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** {@code table} or {@code schema.table}; {@code outbound_integration_config} by default. */
        public Builder table(String table) {
            this.table = requireTableName(table);
            return this;
        }

        /** How documents are validated; {@link ConfigLoader#ofDefaults()} if not set. */
        public Builder loader(ConfigLoader loader) {
            this.loader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /** Stamps {@code updated_at}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public PostgresConfigStore build() {
            if (loader == null) {
                loader = ConfigLoader.ofDefaults();
            }
            return new PostgresConfigStore(this);
        }
    }
}
