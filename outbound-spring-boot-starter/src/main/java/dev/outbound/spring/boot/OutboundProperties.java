package dev.outbound.spring.boot;

import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.providers.BuiltInProviders;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The {@code outbound.*} properties: the providers the auto-configured gateway knows, health evaluation, the Vault
 * store and the PostgreSQL and Redis backends. Spring Boot validates them at startup through {@link #validate}, so a wrong value stops the
 * application with a message that names the property. Mutable while Spring binds it; not thread-safe.
 */
@ConfigurationProperties(prefix = "outbound")
public class OutboundProperties implements Validator {

    /** Whether to auto-configure the gateway at all. */
    private boolean enabled = true;

    /** The providers by id: {@code outbound.providers.<id>.base-url} and the rest. */
    private final Map<String, Provider> providers = new LinkedHashMap<>();

    private final Health health = new Health();

    private final Vault vault = new Vault();

    private final Postgres postgres = new Postgres();

    private final Redis redis = new Redis();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Map<String, Provider> getProviders() {
        return providers;
    }

    public Health getHealth() {
        return health;
    }

    public Vault getVault() {
        return vault;
    }

    public Postgres getPostgres() {
        return postgres;
    }

    public Redis getRedis() {
        return redis;
    }

    @Override
    public boolean supports(Class<?> type) {
        return OutboundProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        for (String problem : ((OutboundProperties) target).problems()) {
            // A global error whose text names the property: both Spring Boot lines print it as the reason.
            errors.reject("outbound.invalid", problem);
        }
    }

    /** Every problem with these properties, each naming its property; empty when they are valid. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (enabled && providers.isEmpty()) {
            problems.add("outbound.providers is empty: set outbound.providers.<id>.base-url (or .type for a built-in"
                    + " provider), or outbound.enabled=false");
        }
        providers.forEach((id, p) -> p.problems("outbound.providers." + id, id, problems));
        if (health.getEvaluateInterval() != null && (health.getEvaluateInterval().isNegative()
                || health.getEvaluateInterval().isZero())) {
            problems.add("outbound.health.evaluate-interval must be positive, was " + health.getEvaluateInterval());
        }
        if (postgres.getTablePrefix() == null || !Postgres.TABLE_PREFIX.matcher(postgres.getTablePrefix()).matches()) {
            problems.add("outbound.postgres.table-prefix must be 1-40 of lower-case letters, digits and _, starting"
                    + " with a letter or _, was '" + postgres.getTablePrefix() + "'");
        }
        if (redis.getKeyPrefix() == null || !Redis.KEY_PREFIX.matcher(redis.getKeyPrefix()).matches()) {
            problems.add("outbound.redis.key-prefix must be 1-48 of letters, digits and :_.{}-, was '"
                    + redis.getKeyPrefix() + "'");
        }
        return problems;
    }

    /** One provider: a generic REST API by its base URL, or a built-in adapter by its type. */
    public static class Provider {
        /** A built-in provider id (salesforce, hubspot, netsuite, ...); empty for a generic REST API. */
        private String type;

        /** The API's base URL; required for a generic REST API, optional for a built-in provider. */
        private URI baseUrl;

        /** Host patterns calls may go to; by default only the base URL's host. */
        private List<String> allowedHosts = new ArrayList<>();

        /** The API version to send; none when empty. */
        private String apiVersion;

        /** Where the API version goes: path (default) or header. */
        private GenericRestAdapter.VersionPlacement versionPlacement = GenericRestAdapter.VersionPlacement.PATH;

        /** The request header carrying the API version, with version-placement=header. */
        private String versionHeader;

        /** The most attempts one call makes, retries included. */
        private Integer maxAttempts;

        /** A call's deadline when the caller sets none. */
        private Duration callTimeout;

        /** The connect timeout of one attempt. */
        private Duration connectTimeout;

        /** The read timeout of one attempt. */
        private Duration readTimeout;

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }

        public URI getBaseUrl() {
            return baseUrl;
        }

        public void setBaseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
        }

        public List<String> getAllowedHosts() {
            return allowedHosts;
        }

        public void setAllowedHosts(List<String> allowedHosts) {
            this.allowedHosts = allowedHosts;
        }

        public String getApiVersion() {
            return apiVersion;
        }

        public void setApiVersion(String apiVersion) {
            this.apiVersion = apiVersion;
        }

        public GenericRestAdapter.VersionPlacement getVersionPlacement() {
            return versionPlacement;
        }

        public void setVersionPlacement(GenericRestAdapter.VersionPlacement versionPlacement) {
            this.versionPlacement = versionPlacement;
        }

        public String getVersionHeader() {
            return versionHeader;
        }

        public void setVersionHeader(String versionHeader) {
            this.versionHeader = versionHeader;
        }

        public Integer getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(Integer maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getCallTimeout() {
            return callTimeout;
        }

        public void setCallTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getReadTimeout() {
            return readTimeout;
        }

        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        /** Whether any of max-attempts and the timeouts is set. */
        boolean hasPolicy() {
            return maxAttempts != null || callTimeout != null || connectTimeout != null || readTimeout != null;
        }

        boolean isBuiltIn() {
            return type != null && !type.isBlank();
        }

        /** The policy these properties describe, on the defaults; throws what ProviderPolicy's builder throws. */
        ProviderPolicy policy() {
            ProviderPolicy.Builder b = ProviderPolicy.defaults().toBuilder();
            if (maxAttempts != null) {
                b.maxAttempts(maxAttempts);
            }
            if (callTimeout != null) {
                b.defaultCallTimeout(callTimeout);
            }
            if (connectTimeout != null) {
                b.connectTimeout(connectTimeout);
            }
            if (readTimeout != null) {
                b.readTimeout(readTimeout);
            }
            return b.build();
        }

        void problems(String prefix, String id, List<String> problems) {
            if (isBuiltIn()) {
                String builtIn = type.toLowerCase(Locale.ROOT);
                if (!BuiltInProviders.IDS.contains(builtIn)) {
                    problems.add(prefix + ".type must be one of " + BuiltInProviders.IDS + ", was '" + type + "'");
                } else if (!builtIn.equals(id)) {
                    problems.add(prefix + ".type=" + type + ": a built-in provider is configured under its own id,"
                            + " outbound.providers." + builtIn);
                }
            } else if (baseUrl == null) {
                problems.add(prefix + ".base-url is required (or .type for a built-in provider)");
            }
            if (baseUrl != null && (baseUrl.getHost() == null || !("http".equals(baseUrl.getScheme())
                    || "https".equals(baseUrl.getScheme())))) {
                problems.add(prefix + ".base-url must be an absolute http(s) URL with a host, was '" + baseUrl + "'");
            }
            if (versionPlacement == GenericRestAdapter.VersionPlacement.HEADER
                    && (versionHeader == null || versionHeader.isBlank())) {
                problems.add(prefix + ".version-header is required with version-placement=header");
            }
            if (!allowedHosts.isEmpty()) {
                try {
                    dev.outbound.gateway.HostAllowlist.of(allowedHosts.toArray(String[]::new));
                } catch (IllegalArgumentException e) {
                    problems.add(prefix + ".allowed-hosts: " + e.getMessage());
                }
            }
            try {
                policy();
            } catch (IllegalArgumentException | IllegalStateException e) {
                problems.add(prefix + ": " + e.getMessage() + " (max-attempts, call-timeout, connect-timeout,"
                        + " read-timeout)");
            }
        }
    }

    /** How often the integration health rows are evaluated (alerts, gauges, the health store). */
    public static class Health {
        /** How often to evaluate health and alert rules. */
        private Duration evaluateInterval = Duration.ofSeconds(30);

        public Duration getEvaluateInterval() {
            return evaluateInterval;
        }

        public void setEvaluateInterval(Duration evaluateInterval) {
            this.evaluateInterval = evaluateInterval;
        }
    }

    /** The credential store on the application's Spring Vault {@code VaultTemplate}. */
    public static class Vault {
        /** Whether to build a Vault credential store from the application's VaultTemplate. */
        private boolean enabled = true;

        /** The KV v2 mount. */
        private String mount = "secret";

        /** The path below the mount under which accounts live. */
        private String prefix = "outbound";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getMount() {
            return mount;
        }

        public void setMount(String mount) {
            this.mount = mount;
        }

        public String getPrefix() {
            return prefix;
        }

        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }
    }

    /**
     * The PostgreSQL backends built on the application's {@code DataSource}: the health store and the refresh lock.
     */
    public static class Postgres {
        static final Pattern TABLE_PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,39}");

        /** Whether to build the PostgreSQL health store and refresh lock from the application's DataSource. */
        private boolean enabled = true;

        /** Prefix of the tables: {@code <prefix>health} and {@code <prefix>refresh_lock}. */
        private String tablePrefix = "outbound_";

        /** Whether to create the tables at startup when they do not exist. */
        private boolean createTables = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getTablePrefix() {
            return tablePrefix;
        }

        public void setTablePrefix(String tablePrefix) {
            this.tablePrefix = tablePrefix;
        }

        public boolean isCreateTables() {
            return createTables;
        }

        public void setCreateTables(boolean createTables) {
            this.createTables = createTables;
        }

        String healthTable() {
            return tablePrefix + "health";
        }

        String refreshLockTable() {
            return tablePrefix + "refresh_lock";
        }
    }

    /** The Redis backends built on the application's Lettuce client: the refresh lock and the rate limiter. */
    public static class Redis {
        static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z0-9:_.{}-]{1,48}");

        /** Whether to build the Redis refresh lock and rate limiter from the application's Redis connection. */
        private boolean enabled = true;

        /** Prefix of every key: locks under {@code <prefix>refresh-lock:}, rate limits under {@code <prefix>rl:}. */
        private String keyPrefix = "outbound:";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getKeyPrefix() {
            return keyPrefix;
        }

        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        String refreshLockPrefix() {
            return keyPrefix + "refresh-lock:";
        }

        String rateLimitPrefix() {
            return keyPrefix + "rl:";
        }
    }
}
