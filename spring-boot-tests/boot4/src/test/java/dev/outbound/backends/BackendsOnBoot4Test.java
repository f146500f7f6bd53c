package dev.outbound.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.OutboundMetrics;
import dev.outbound.gateway.health.HealthMonitor;
import dev.outbound.gateway.health.PostgresHealthStore;
import dev.outbound.gateway.spi.CredentialStore;
import dev.outbound.gateway.spi.HealthStore;
import dev.outbound.gateway.spi.RateLimiter;
import dev.outbound.gateway.spi.RefreshLock;
import dev.outbound.gateway.sync.SyncRun;
import dev.outbound.gateway.sync.SyncRuns;
import dev.outbound.ratelimit.BucketRateLimiter;
import dev.outbound.vault.PostgresRefreshLock;
import dev.outbound.vault.RedisRefreshLock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot 4 application with a PostgreSQL {@link DataSource} and a Lettuce {@link RedisClient}, on the shared
 * local PostgreSQL and Redis: the starter builds its health store, refresh lock and rate limiter on them, and backs
 * off when told to or when the application has its own. Tables and keys carry a prefix unique to this run and are
 * removed afterwards. Skipped when PostgreSQL or Redis is not listening.
 */
class BackendsOnBoot4Test {
    static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    static final String TABLES = "obt_" + RUN + "_";
    static final String KEYS = "obt:" + RUN + ":";
    static final List<String> OBSERVED = new CopyOnWriteArrayList<>();

    static DataSource postgres;
    static RedisClient redis;
    MockWebServer provider;
    final List<ConfigurableApplicationContext> apps = new ArrayList<>();

    /** The application: a DataSource, a credential store, and a handler that sees every observation. */
    @SpringBootApplication
    static class App {
        @Bean
        DataSource dataSource() {
            return postgres;
        }

        @Bean
        CredentialStore credentialStore() {
            return new InMemoryCredentialStore()
                    .put(AccountKey.of("crm", "acme"), Credential.ApiKey.header("X-Api-Key", "backends-key-1"))
                    .put(AccountKey.of("hubspot", "acme"),
                            Credential.OAuth2Token.bearer("backends-token-1", Instant.now().plus(Duration.ofDays(1))));
        }

        @Bean
        ObservationHandler<Observation.Context> recordingHandler() {
            return new ObservationHandler<>() {
                @Override
                public void onStop(Observation.Context context) {
                    OBSERVED.add(context.getName());
                }

                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }
            };
        }
    }

    /** Added to {@link App} where the application also has a Redis client (not scanned: no annotation). */
    static class WithRedis {
        @Bean(destroyMethod = "")
        RedisClient redisClient() {
            return redis;
        }
    }

    /** Added to {@link App} where the application brings its own refresh lock. */
    static class WithOwnLock {
        static final RefreshLock OWN = (account, ttl, maxWait) -> Optional.empty();

        @Bean
        RefreshLock ownRefreshLock() {
            return OWN;
        }
    }

    @BeforeAll
    static void services() {
        assumeTrue(listening(5432), "PostgreSQL is not listening on 127.0.0.1:5432");
        assumeTrue(listening(6379), "Redis is not listening on 127.0.0.1:6379");
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://127.0.0.1:5432/test");
        ds.setUser("postgres");
        ds.setConnectTimeout(2);
        ds.setLoginTimeout(2);
        postgres = ds;
        redis = RedisClient.create("redis://127.0.0.1:6379");
    }

    @AfterAll
    static void cleanUp() throws SQLException {
        if (postgres != null) {
            try (Connection c = postgres.getConnection(); Statement s = c.createStatement()) {
                for (String table : tables()) {
                    s.execute("DROP TABLE IF EXISTS " + table);
                }
            }
        }
        if (redis != null) {
            try (StatefulRedisConnection<String, String> c = redis.connect()) {
                List<String> keys = keys(c);
                if (!keys.isEmpty()) {
                    c.sync().del(keys.toArray(String[]::new));
                }
            }
            redis.shutdown();
        }
    }

    @BeforeEach
    void startProvider() throws IOException {
        provider = new MockWebServer();
        provider.start();
    }

    @AfterEach
    void stop() {
        apps.forEach(ConfigurableApplicationContext::close);
        provider.close();
    }

    @Test
    void aDataSourceGivesTheGatewayThePostgresRefreshLockAndTheMonitorThePostgresHealthStore() throws Exception {
        ConfigurableApplicationContext app = run(App.class);

        assertThat(app.getBean(RefreshLock.class)).isInstanceOf(PostgresRefreshLock.class);
        assertThat(app.getBean(HealthStore.class)).isInstanceOf(PostgresHealthStore.class);
        assertThat(app.getBeansOfType(RateLimiter.class)).isEmpty();
        assertThat(tables()).containsExactlyInAnyOrder(TABLES + "health", TABLES + "refresh_lock");

        provider.enqueue(new MockResponse.Builder().code(200).body("pong").build());
        assertThat(app.getBean(IntegrationGateway.class).client("crm", "acme").get("ping").execute().status())
                .isEqualTo(200);
        app.getBean(HealthMonitor.class).evaluate();

        assertThat(app.getBean(HealthStore.class).snapshots())
                .anySatisfy(row -> assertThat(row.account()).isEqualTo(AccountKey.of("crm", "acme")));
        try (RefreshLock.Lease lease = app.getBean(RefreshLock.class)
                .acquire(AccountKey.of("crm", "acme"), Duration.ofSeconds(5), Duration.ZERO).orElseThrow()) {
            assertThat(count("SELECT count(*) FROM " + TABLES + "refresh_lock")).isEqualTo(1);
        }
    }

    @Test
    void aRedisClientGivesTheGatewayTheRedisRefreshLockAndARateLimiterWhoseBucketsLiveInRedis() throws Exception {
        ConfigurableApplicationContext app = run(App.class, WithRedis.class,
                "--outbound.providers.hubspot.type=hubspot");

        assertThat(app.getBean(RefreshLock.class)).isInstanceOf(RedisRefreshLock.class);
        assertThat(app.getBean(RateLimiter.class)).isInstanceOf(BucketRateLimiter.class);
        assertThat(app.getBean(HealthStore.class)).isInstanceOf(PostgresHealthStore.class);

        provider.enqueue(new MockResponse.Builder().code(200).body("{}").build());
        assertThat(app.getBean(IntegrationGateway.class).client("hubspot", "acme").get("crm/v3/objects/contacts")
                .execute().status()).isEqualTo(200);

        assertThat(provider.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization"))
                .isEqualTo("Bearer backends-token-1");
        try (StatefulRedisConnection<String, String> c = redis.connect()) {
            assertThat(keys(c)).anySatisfy(key -> assertThat(key).startsWith(KEYS + "rl:"));
        }
    }

    @Test
    void postgresEnabledFalseBacksOffTheHealthStoreAndTheRefreshLock() {
        ConfigurableApplicationContext app = run(App.class, "--outbound.postgres.enabled=false",
                "--outbound.postgres.table-prefix=" + TABLES + "off_");

        assertThat(app.getBeansOfType(HealthStore.class)).isEmpty();
        assertThat(app.getBeansOfType(RefreshLock.class)).isEmpty();
        assertThat(tables()).noneMatch(table -> table.startsWith(TABLES + "off_"));
    }

    @Test
    void redisEnabledFalseLeavesThePostgresRefreshLockAndNoRateLimiter() {
        ConfigurableApplicationContext app = run(App.class, WithRedis.class, "--outbound.redis.enabled=false");

        assertThat(app.getBean(RefreshLock.class)).isInstanceOf(PostgresRefreshLock.class);
        assertThat(app.getBeansOfType(RateLimiter.class)).isEmpty();
    }

    @Test
    void theApplicationsOwnRefreshLockReplacesBothBackendLocks() {
        ConfigurableApplicationContext app = run(App.class, WithRedis.class, WithOwnLock.class);

        assertThat(app.getBeansOfType(RefreshLock.class)).containsOnlyKeys("ownRefreshLock");
        assertThat(app.getBean(RefreshLock.class)).isSameAs(WithOwnLock.OWN);
        assertThat(app.getBean(RateLimiter.class)).isInstanceOf(BucketRateLimiter.class);
    }

    @Test
    void syncRunsUseTheApplicationsObservationAndMeterRegistries() {
        ConfigurableApplicationContext app = run(App.class);
        OBSERVED.clear();

        try (SyncRun run = app.getBean(SyncRuns.class).start(AccountKey.of("crm", "acme"), "sync-accounts")) {
            run.succeeded();
            run.complete();
        }

        assertThat(OBSERVED).contains(OutboundMetrics.SYNC_OBSERVATION);
        assertThat(app.getBean(MeterRegistry.class).find(OutboundMetrics.SYNC_LAST_SUCCESS)
                .tag(OutboundMetrics.TAG_SYNC, "sync-accounts").gauge()).isNotNull();
    }

    private ConfigurableApplicationContext run(Class<?> first, Object... rest) {
        List<Class<?>> sources = new ArrayList<>(List.of(first));
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--outbound.providers.crm.base-url=" + provider.url("/api"),
                "--outbound.providers.hubspot.base-url=" + provider.url("/"),
                "--outbound.redis.key-prefix=" + KEYS));
        for (Object o : rest) {
            if (o instanceof Class<?> c) {
                sources.add(c);
            } else {
                args.add((String) o);
            }
        }
        if (args.stream().noneMatch(a -> a.startsWith("--outbound.postgres.table-prefix="))) {
            args.add("--outbound.postgres.table-prefix=" + TABLES);
        }
        ConfigurableApplicationContext app = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
                .run(args.toArray(String[]::new));
        apps.add(app);
        return app;
    }

    private static List<String> tables() {
        List<String> tables = new ArrayList<>();
        try (Connection c = postgres.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE tablename LIKE '"
                     + TABLES + "%'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return tables;
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = postgres.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> keys(StatefulRedisConnection<String, String> c) {
        List<String> keys = new ArrayList<>();
        ScanIterator.scan(c.sync(), ScanArgs.Builder.matches(KEYS + "*").limit(500)).forEachRemaining(keys::add);
        return keys;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
