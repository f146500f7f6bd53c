package dev.outbound.spring.boot;

import dev.outbound.gateway.spi.CredentialStore;
import dev.outbound.vault.VaultCredentialStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.vault.core.VaultOperations;

/**
 * A {@link VaultCredentialStore} on the application's Spring Vault {@link VaultOperations} (its
 * {@code VaultTemplate}, whichever Spring Vault line it runs), when gateway-vault is on the classpath and the
 * application defines no {@link CredentialStore} of its own. Off with {@code outbound.vault.enabled=false}.
 */
@AutoConfiguration(before = OutboundAutoConfiguration.class, afterName = {
        "org.springframework.cloud.vault.config.VaultAutoConfiguration"})
@ConditionalOnClass(name = {"dev.outbound.vault.VaultCredentialStore",
        "org.springframework.vault.core.VaultOperations"})
@ConditionalOnProperty(prefix = "outbound", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(OutboundProperties.class)
public class OutboundVaultAutoConfiguration {

    @Bean
    @ConditionalOnBean(VaultOperations.class)
    @ConditionalOnMissingBean(CredentialStore.class)
    @ConditionalOnProperty(prefix = "outbound.vault", name = "enabled", havingValue = "true", matchIfMissing = true)
    public VaultCredentialStore outboundVaultCredentialStore(VaultOperations vault, OutboundProperties properties) {
        return VaultCredentialStore.builder(vault).mount(properties.getVault().getMount())
                .prefix(properties.getVault().getPrefix()).build();
    }
}
