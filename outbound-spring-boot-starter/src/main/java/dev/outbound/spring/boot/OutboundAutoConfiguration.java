package dev.outbound.spring.boot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.health.HealthMonitor;
import dev.outbound.gateway.spi.AccountDirectory;
import dev.outbound.gateway.spi.CredentialStore;
import dev.outbound.gateway.spi.HealthStore;
import dev.outbound.gateway.spi.RateLimiter;
import dev.outbound.gateway.spi.RefreshLock;
import dev.outbound.gateway.sync.SyncRuns;
import dev.outbound.providers.BuiltInProviders;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures an {@link IntegrationGateway} from {@code outbound.providers.*} and the application's beans: its
 * {@link CredentialStore} (required; see {@link OutboundVaultAutoConfiguration} for one on Spring Vault), and when
 * present its {@link MeterRegistry}, Jackson {@link ObjectMapper}, {@link AccountDirectory}, {@link RefreshLock} and
 * {@link RateLimiter} (see {@link OutboundRedisAutoConfiguration} and {@link OutboundPostgresAutoConfiguration} for
 * ones on Redis and PostgreSQL). A {@link HealthMonitor}, publishing to the {@link HealthStore} when there is one,
 * listens to every call and sync; {@link SyncRuns} use the application's {@link ObservationRegistry}. Each bean backs off when the application defines its own; the whole
 * of it when {@code outbound.enabled=false}. The gateway and the monitor are closed with the context.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnClass(IntegrationGateway.class)
@ConditionalOnProperty(prefix = "outbound", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(OutboundProperties.class)
public class OutboundAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public HealthMonitor outboundHealthMonitor(OutboundProperties properties, ObjectProvider<MeterRegistry> meters,
                                               ObjectProvider<HealthStore> stores) {
        HealthMonitor.Builder b = HealthMonitor.builder();
        meters.ifUnique(b::meterRegistry);
        stores.ifUnique(b::store);
        HealthMonitor monitor = b.build();
        monitor.startEvaluating(properties.getHealth().getEvaluateInterval());
        return monitor;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public IntegrationGateway outboundIntegrationGateway(OutboundProperties properties,
                                                         ObjectProvider<CredentialStore> stores,
                                                         ObjectProvider<MeterRegistry> meters,
                                                         ObjectProvider<ObjectMapper> mappers,
                                                         ObjectProvider<AccountDirectory> directories,
                                                         ObjectProvider<HealthMonitor> monitors,
                                                         ObjectProvider<RefreshLock> locks,
                                                         ObjectProvider<RateLimiter> limiters) {
        CredentialStore store = stores.getIfUnique();
        if (store == null) {
            throw new IllegalStateException("Outbound needs one CredentialStore bean: define one (InMemoryCredentialStore"
                    + " for tests, a store of your own), or a Spring Vault VaultTemplate bean with gateway-vault on the"
                    + " classpath; or set outbound.enabled=false");
        }
        IntegrationGateway.Builder b = IntegrationGateway.builder().credentialStore(store);
        MeterRegistry registry = meters.getIfUnique();
        if (registry != null) {
            b.meterRegistry(registry);
        }
        mappers.ifUnique(b::objectMapper);
        locks.ifUnique(b::refreshLock);
        limiters.ifUnique(b::rateLimiter);
        HealthMonitor monitor = monitors.getIfUnique();
        if (monitor != null) {
            b.callListener(monitor);
        }

        BuiltInProviders.Builder builtIns = null;
        Map<String, AccountSettings> defaults = new HashMap<>();
        for (Map.Entry<String, OutboundProperties.Provider> e : properties.getProviders().entrySet()) {
            String id = e.getKey();
            OutboundProperties.Provider p = e.getValue();
            if (p.isBuiltIn()) {
                if (builtIns == null) {
                    builtIns = BuiltInProviders.builder();
                    if (registry != null) {
                        builtIns.meterRegistry(registry);
                    }
                }
                List<String> hosts = new ArrayList<>(p.getAllowedHosts());
                if (p.getBaseUrl() != null) {
                    // A base URL for every customer of a built-in (a sandbox, a simulator) must be reachable.
                    hosts.add(p.getBaseUrl().getHost());
                    defaults.put(id, new AccountSettings(java.util.Optional.of(p.getBaseUrl()),
                            java.util.Optional.empty(), Map.of()));
                }
                if (!hosts.isEmpty()) {
                    builtIns.allowHosts(id, hosts.toArray(String[]::new));
                }
                if (p.hasPolicy()) {
                    builtIns.policy(id, p.policy());
                }
            } else {
                b.provider(generic(id, p));
            }
        }
        if (builtIns != null) {
            b.adapterFactory(builtIns.build());
        }
        AccountDirectory directory = directories.getIfUnique();
        if (directory != null) {
            b.accountDirectory(directory);
        } else if (!defaults.isEmpty()) {
            b.accountDirectory(account -> defaults.getOrDefault(account.provider(), AccountSettings.none()));
        }
        IntegrationGateway gateway = b.build();
        if (monitor != null) {
            monitor.watch(gateway);
        }
        return gateway;
    }

    /**
     * Sync runs measured in the application's meter registry, traced through its observation registry (a span per
     * run when tracing is set up), and reported to the health monitor.
     */
    @Bean
    @ConditionalOnMissingBean
    public SyncRuns outboundSyncRuns(ObjectProvider<MeterRegistry> meters,
                                     ObjectProvider<ObservationRegistry> observations,
                                     ObjectProvider<HealthMonitor> monitors) {
        SyncRuns.Builder b = SyncRuns.builder();
        meters.ifUnique(b::meterRegistry);
        observations.ifUnique(b::observationRegistry);
        monitors.ifUnique(b::listener);
        return b.build();
    }

    private static GenericRestAdapter generic(String id, OutboundProperties.Provider p) {
        GenericRestAdapter.Builder a = GenericRestAdapter.builder(id).baseUrl(p.getBaseUrl().toString())
                .policy(p.policy());
        if (!p.getAllowedHosts().isEmpty()) {
            List<String> hosts = new ArrayList<>(p.getAllowedHosts());
            hosts.add(p.getBaseUrl().getHost());
            a.allowedHosts(hosts.toArray(String[]::new));
        }
        if (p.getApiVersion() != null && !p.getApiVersion().isBlank()) {
            a.apiVersion(p.getApiVersion(), p.getVersionPlacement());
            if (p.getVersionPlacement() == GenericRestAdapter.VersionPlacement.HEADER) {
                a.versionHeader(p.getVersionHeader());
            }
        }
        return a.build();
    }
}
