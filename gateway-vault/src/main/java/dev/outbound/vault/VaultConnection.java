package dev.outbound.vault;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.core.SpringVersion;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.authentication.KubernetesAuthentication;
import org.springframework.vault.authentication.KubernetesAuthenticationOptions;
import org.springframework.vault.authentication.KubernetesServiceAccountTokenFile;
import org.springframework.vault.authentication.LifecycleAwareSessionManager;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.RestTemplateBuilder;
import org.springframework.vault.client.SimpleVaultEndpointProvider;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.web.client.RestTemplate;

/**
 * A logged-in Spring Vault client: a {@link VaultTemplate} whose session is managed by Spring Vault's
 * {@link LifecycleAwareSessionManager}, which renews the Vault token before it expires and logs in again when it
 * cannot. Supports token login, AppRole login, and Kubernetes login (service-account JWT, by default read from
 * {@code /var/run/secrets/kubernetes.io/serviceaccount/token}). Thread-safe; close it to stop the renewal scheduler
 * and revoke nothing else.
 *
 * <p>Works with the Spring Vault the application has: 3.x on Spring Framework 6.1+ and 4.x on Spring Framework 7.
 * It uses only API the two share and hands Spring Vault its HTTP client (the JDK's, through Spring's
 * {@link JdkClientHttpRequestFactory}, or the one given to {@link Builder#requestFactory}) instead of letting
 * Spring Vault 3 pick one by what is on the classpath: it would pick OkHttp, which this library brings, through a
 * Spring class that Spring Framework 7 no longer has.
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

    private VaultConnection(Builder b) {
        this.scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setDaemon(true);
        scheduler.setThreadNamePrefix("outbound-vault-session-");
        scheduler.initialize();
        this.sessions = new LifecycleAwareSessionManager(b.login.get(), scheduler, b.loginClient());
        this.template = new VaultTemplate(b.restTemplate(), sessions);
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

    /**
     * Fails with what to change when the classpath pairs Spring Vault and Spring Framework lines that cannot run
     * together, instead of the {@code NoSuchMethodError} Spring Vault would throw on the first login. Versions
     * that cannot be read (a shaded or repackaged jar) pass.
     */
    static void requireMatchingSpringLines(String springVault, String springFramework) {
        int vault = major(springVault);
        int framework = major(springFramework);
        if (vault < 0 || framework < 0) {
            return;
        }
        int needed = vault >= 4 ? 7 : 6;
        if (framework != needed) {
            throw new IllegalStateException("Spring Vault " + springVault + " needs Spring Framework " + needed
                    + ".x but the classpath has " + springFramework + ": on Spring Framework 6 (Spring Boot 3)"
                    + " depend on org.springframework.vault:spring-vault-core 3.x, on Spring Framework 7 (Spring"
                    + " Boot 4) on 4.x");
        }
    }

    private static int major(String version) {
        if (version == null) {
            return -1;
        }
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Builds a {@link VaultConnection}; exactly one login method must be chosen. Not thread-safe. */
    public static final class Builder {
        // Spring Vault's own defaults (ClientOptions): a Vault that does not answer cannot hold a login or a store
        // call for longer than this.
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(15);

        private final VaultEndpoint endpoint;
        private Supplier<ClientAuthentication> login;
        private ClientHttpRequestFactory requestFactory;

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
         * The HTTP client Spring Vault talks to Vault through, e.g. one set up with the organisation's TLS trust
         * store; by default the JDK's HTTP client with a 5 s connect and a 15 s read timeout and the JVM's trust
         * store.
         */
        public Builder requestFactory(ClientHttpRequestFactory factory) {
            this.requestFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * Connect and read timeouts of every request to Vault through the default HTTP client (5 s, 15 s when not
         * set; ignored when a {@link #requestFactory} is given). The credential manager bounds each call's wait by the
         * call's deadline anyway; these bound how long a read that nobody waits for any more keeps one of its workers.
         */
        public Builder timeouts(Duration connect, Duration read) {
            Objects.requireNonNull(connect, "connect");
            Objects.requireNonNull(read, "read");
            if (connect.isNegative() || connect.isZero() || read.isNegative() || read.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive, were connect=" + connect + " read="
                        + read);
            }
            this.connectTimeout = connect;
            this.readTimeout = read;
            return this;
        }

        private RestTemplateBuilder restTemplate() {
            return RestTemplateBuilder.builder().endpointProvider(SimpleVaultEndpointProvider.of(endpoint))
                    .requestFactory(requestFactory);
        }

        private RestTemplate loginClient() {
            return restTemplate().build();
        }

        public VaultConnection build() {
            if (login == null) {
                throw new IllegalStateException("choose a login: token(..), appRole(..) or kubernetes(..)");
            }
            requireMatchingSpringLines(VaultTemplate.class.getPackage().getImplementationVersion(),
                    SpringVersion.getVersion());
            if (requestFactory == null) {
                JdkClientHttpRequestFactory jdk = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                        .connectTimeout(connectTimeout).build());
                jdk.setReadTimeout(readTimeout);
                requestFactory = jdk;
            }
            return new VaultConnection(this);
        }
    }
}
