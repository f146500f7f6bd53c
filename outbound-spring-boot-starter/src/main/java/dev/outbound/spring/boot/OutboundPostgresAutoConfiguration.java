package dev.outbound.spring.boot;

import dev.outbound.gateway.health.PostgresHealthStore;
import dev.outbound.gateway.spi.HealthStore;
import dev.outbound.gateway.spi.RefreshLock;
import dev.outbound.vault.PostgresRefreshLock;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * PostgreSQL backends on the application's {@link DataSource}, when it has exactly one and the PostgreSQL driver is
 * on the classpath: a {@link PostgresHealthStore} for the health monitor and, with gateway-vault on the classpath, a
 * {@link PostgresRefreshLock} for the gateway's token refreshes. Their tables ({@code outbound.postgres.table-prefix}
 * followed by {@code health} and {@code refresh_lock}) are created at startup unless
 * {@code outbound.postgres.create-tables=false}, so a database that cannot be reached then stops the application.
 * Runs after the Redis configuration: an application with both gets the Redis refresh lock. Each bean backs off when
 * the application defines a {@link HealthStore} or {@link RefreshLock}; all of them with
 * {@code outbound.postgres.enabled=false}.
 */
@AutoConfiguration(before = OutboundAutoConfiguration.class, after = OutboundRedisAutoConfiguration.class,
        afterName = {"org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})
@ConditionalOnClass(name = "org.postgresql.Driver")
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnProperty(prefix = "outbound", name = {"enabled", "postgres.enabled"}, havingValue = "true",
        matchIfMissing = true)
@EnableConfigurationProperties(OutboundProperties.class)
public class OutboundPostgresAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(HealthStore.class)
    public PostgresHealthStore outboundHealthStore(DataSource dataSource, OutboundProperties properties) {
        PostgresHealthStore store = PostgresHealthStore.builder(dataSource)
                .table(properties.getPostgres().healthTable()).build();
        if (properties.getPostgres().isCreateTables()) {
            store.createTableIfAbsent();
        }
        return store;
    }

    /** The refresh lock lives in gateway-vault, which an application may leave out. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.outbound.vault.PostgresRefreshLock")
    static class RefreshLockOnPostgres {
        @Bean
        @ConditionalOnMissingBean(RefreshLock.class)
        PostgresRefreshLock outboundRefreshLock(DataSource dataSource, OutboundProperties properties) {
            PostgresRefreshLock lock = PostgresRefreshLock.builder(dataSource)
                    .table(properties.getPostgres().refreshLockTable()).build();
            if (properties.getPostgres().isCreateTables()) {
                lock.createTableIfAbsent();
            }
            return lock;
        }
    }
}
