package dev.outbound.vault;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.authentication.KubernetesAuthentication;
import org.springframework.vault.authentication.KubernetesAuthenticationOptions;
import org.springframework.vault.authentication.KubernetesServiceAccountTokenFile;
import org.springframework.vault.authentication.LifecycleAwareSessionManager;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.ClientHttpRequestFactoryFactory;
import org.springframework.vault.client.RestTemplateBuilder;
import org.springframework.vault.client.SimpleVaultEndpointProvider;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.ClientOptions;
import org.springframework.vault.support.SslConfiguration;
import org.springframework.web.client.RestTemplate;

/**
 * A logged-in Spring Vault client: a {@link VaultTemplate} whose session is managed by Spring Vault's
 * {@link LifecycleAwareSessionManager}, which renews the Vault token before it expires and logs in again when it
 * cannot. Supports token login, AppRole login, and Kubernetes login (service-account JWT, by default read from
 * {@code /var/run/secrets/kubernetes.io/serviceaccount/token}). Thread-safe; close it to stop the renewal scheduler
 * and revoke nothing else.
 *
 * <pre>{@code
 * try (VaultConnection vault = VaultConnection.builder(URI.create("https://vault.internal:8200"))
 *         .appRole(roleId, secretId).build()) {
 *     CredentialStore store = VaultCredentialStore.builder(vault.operations()).mount("secret").build();
 * }
 * }</pre>
 */
public final class VaultConnection implements AutoCloseable {
    private final VaultTemplate template;
    private final LifecycleAwareSessionManager sessions;
    private final ThreadPoolTaskScheduler scheduler;

    private VaultConnection(VaultEndpoint endpoint, Supplier<ClientAuthentication> login, ClientOptions options) {
        this.scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setDaemon(true);
        scheduler.setThreadNamePrefix("outbound-vault-session-");
        scheduler.initialize();
        RestTemplate loginClient = restTemplate(endpoint, options).build();
        this.sessions = new LifecycleAwareSessionManager(login.get(), scheduler, loginClient);
        this.template = new VaultTemplate(restTemplate(endpoint, options), sessions);
    }

    private static RestTemplateBuilder restTemplate(VaultEndpoint endpoint, ClientOptions options) {
        return RestTemplateBuilder.builder().endpointProvider(SimpleVaultEndpointProvider.of(endpoint))
                .requestFactory(() -> ClientHttpRequestFactoryFactory.create(options, SslConfiguration.unconfigured()));
    }

    /** A builder for the Vault server at {@code address}, e.g. {@code https://vault.internal:8200}. */
    public static Builder builder(URI address) {
        return new Builder(address);
    }

    /** The logged-in operations to hand to {@link VaultCredentialStore#builder}. */
    public VaultTemplate operations() {
        return template;
    }

    @Override
    public void close() {
        try {
            sessions.destroy();
        } finally {
            scheduler.shutdown();
        }
    }

    /** Builds a {@link VaultConnection}; exactly one login method must be chosen. Not thread-safe. */
    public static final class Builder {
        private final VaultEndpoint endpoint;
        private Supplier<ClientAuthentication> login;
        private ClientOptions options = new ClientOptions();

        private Builder(URI address) {
            Objects.requireNonNull(address, "address");
            this.endpoint = VaultEndpoint.from(address);
        }

        /** Logs in with a Vault token (renewed by the session manager when it is renewable). */
        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            this.login = () -> new TokenAuthentication(token);
            return this;
        }

        /** Logs in with AppRole: a role id and a secret id, at {@code auth/approle/login}. */
        public Builder appRole(String roleId, String secretId) {
            Objects.requireNonNull(roleId, "roleId");
            Objects.requireNonNull(secretId, "secretId");
            this.login = () -> new AppRoleAuthentication(AppRoleAuthenticationOptions.builder()
                    .roleId(AppRoleAuthenticationOptions.RoleId.provided(roleId))
                    .secretId(AppRoleAuthenticationOptions.SecretId.provided(secretId))
                    .build(), loginClient());
            return this;
        }

        /** Logs in with Kubernetes auth as {@code role}, with the pod's service-account token file. */
        public Builder kubernetes(String role) {
            Objects.requireNonNull(role, "role");
            this.login = () -> new KubernetesAuthentication(KubernetesAuthenticationOptions.builder().role(role)
                    .jwtSupplier(new KubernetesServiceAccountTokenFile()).build(), loginClient());
            return this;
        }

        /**
         * Connect and read timeouts of every request to Vault; Spring Vault's defaults (5 s, 15 s) when not set. The
         * credential manager bounds each call's wait by the call's deadline anyway; these bound how long a read that
         * nobody waits for any more keeps one of its workers.
         */
        public Builder timeouts(Duration connect, Duration read) {
            Objects.requireNonNull(connect, "connect");
            Objects.requireNonNull(read, "read");
            if (connect.isNegative() || connect.isZero() || read.isNegative() || read.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive, were connect=" + connect + " read="
                        + read);
            }
            this.options = new ClientOptions(connect, read);
            return this;
        }

        private RestTemplate loginClient() {
            return restTemplate(endpoint, options).build();
        }

        public VaultConnection build() {
            if (login == null) {
                throw new IllegalStateException("choose a login: token(..), appRole(..) or kubernetes(..)");
            }
            return new VaultConnection(endpoint, login, options);
        }
    }
}
