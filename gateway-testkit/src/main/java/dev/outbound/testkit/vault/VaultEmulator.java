package dev.outbound.testkit.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server that speaks enough of HashiCorp Vault's API for a KV v2 client to be tested through its real HTTP
 * stack: the {@code X-Vault-Token} header (unknown token → 403), AppRole login, token lookup and renewal of itself,
 * KV v2 reads (latest or {@code ?version=}), writes with {@code options.cas} and Vault's check-and-set errors,
 * soft deletes, metadata (with {@code created_time}, {@code updated_time}, {@code current_version}) and its
 * deletion, 404 for absent secrets, 403 for paths a test forbids, and a seal switch that answers 503 to everything.
 *
 * <p>Only the KV v2 engine is emulated, on the mounts given to the builder. Thread-safe: a secret's versions change
 * under its own lock, and the switches are safe to flip while requests run. Close it to stop the server.
 *
 * <pre>{@code
 * try (VaultEmulator vault = VaultEmulator.builder().rootToken("root").build()) {
 *     VaultEndpoint endpoint = VaultEndpoint.from(vault.uri());
 *     ...
 * }
 * }</pre>
 */
public final class VaultEmulator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CAS_MISMATCH = "check-and-set parameter did not match the current version";
    private static final String CAS_REQUIRED = "check-and-set parameter required for this call";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final Set<String> mounts;
    private final boolean casRequired;
    private final Map<String, Long> tokens = new ConcurrentHashMap<>();
    private final Map<String, String> appRoles = new ConcurrentHashMap<>();
    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();
    private final List<String> forbidden = new CopyOnWriteArrayList<>();
    private final List<String> requestLog = new CopyOnWriteArrayList<>();
    private final AtomicInteger logins = new AtomicInteger();
    private volatile boolean sealed;
    private final long tokenTtlSeconds;

    private VaultEmulator(Builder b) throws IOException {
        this.clock = b.clock;
        this.mounts = Set.copyOf(b.mounts);
        this.casRequired = b.casRequired;
        this.tokenTtlSeconds = b.tokenTtlSeconds;
        if (b.rootToken != null) {
            tokens.put(b.rootToken, 0L);
        }
        appRoles.putAll(b.appRoles);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vault-emulator");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The base address, e.g. {@code http://127.0.0.1:49152}; Vault clients add {@code /v1/...} themselves. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Makes every later request answer 503 "Vault is sealed" until {@link #unseal()}. */
    public void seal() {
        sealed = true;
    }

    public void unseal() {
        sealed = false;
    }

    /** Answers 403 to requests whose API path (after {@code /v1/}) starts with {@code pathPrefix}. */
    public void forbid(String pathPrefix) {
        forbidden.add(Objects.requireNonNull(pathPrefix, "pathPrefix"));
    }

    /** Lets every token through again. */
    public void allowAll() {
        forbidden.clear();
    }

    /** Adds a token that may use every path. */
    public void addToken(String token) {
        tokens.put(Objects.requireNonNull(token, "token"), 0L);
    }

    /** Revokes a token: later requests with it get 403. */
    public void revokeToken(String token) {
        tokens.remove(token);
    }

    /** Number of successful AppRole logins. */
    public int logins() {
        return logins.get();
    }

    /** Every request seen, as {@code METHOD /v1/path} (no query, no body, no token): for assertions. */
    public List<String> requests() {
        return List.copyOf(requestLog);
    }

    /** Number of requests seen with this method whose path starts with {@code pathPrefix}. */
    public long requestCount(String method, String pathPrefix) {
        return requestLog.stream().filter(r -> r.startsWith(method + " " + pathPrefix)).count();
    }

    public void clearRequests() {
        requestLog.clear();
    }

    /** The latest data of a KV v2 secret ({@code mount}, path below it), if it exists and is not deleted. */
    public Optional<Map<String, Object>> data(String mount, String path) {
        Secret s = secrets.get(mount + "/" + path);
        if (s == null) {
            return Optional.empty();
        }
        synchronized (s) {
            Version v = s.versions.get(s.current);
            return v == null || v.deleted != null ? Optional.empty() : Optional.of(v.data);
        }
    }

    /** The current version of a secret, 0 when it has none. */
    public long currentVersion(String mount, String path) {
        Secret s = secrets.get(mount + "/" + path);
        if (s == null) {
            return 0;
        }
        synchronized (s) {
            return s.current;
        }
    }

    /** Writes a secret version as an operator would (no check-and-set); returns its version. */
    public long put(String mount, String path, Map<String, Object> data) {
        Secret s = secrets.computeIfAbsent(mount + "/" + path, k -> new Secret(clock.instant()));
        synchronized (s) {
            return s.add(new LinkedHashMap<>(data), clock.instant());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------------------------

    private static final class Version {
        final Map<String, Object> data;
        final Instant created;
        Instant deleted;

        Version(Map<String, Object> data, Instant created) {
            this.data = data;
            this.created = created;
        }
    }

    private static final class Secret {
        final Instant created;
        Instant updated;
        long current;
        final TreeMap<Long, Version> versions = new TreeMap<>();

        Secret(Instant created) {
            this.created = created;
            this.updated = created;
        }

        long add(Map<String, Object> data, Instant now) {
            current++;
            versions.put(current, new Version(data, now));
            updated = now;
            return current;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String rawPath = ex.getRequestURI().getPath();
            requestLog.add(method + " " + rawPath);
            if (sealed) {
                send(ex, 503, errors("Vault is sealed"));
                return;
            }
            if (!rawPath.startsWith("/v1/")) {
                send(ex, 404, errors());
                return;
            }
            String path = rawPath.substring(4);
            byte[] body = readBody(ex.getRequestBody());
            if (path.equals("sys/health")) {
                send(ex, 200, Map.of("initialized", true, "sealed", false, "standby", false));
                return;
            }
            if (path.equals("auth/approle/login") && method.equals("POST")) {
                appRoleLogin(ex, body);
                return;
            }
            String token = ex.getRequestHeaders().getFirst("X-Vault-Token");
            if (token == null || !tokens.containsKey(token) || forbidden.stream().anyMatch(path::startsWith)) {
                send(ex, 403, errors("permission denied"));
                return;
            }
            if (path.equals("auth/token/lookup-self")) {
                send(ex, 200, Map.of("data", tokenInfo(token)));
                return;
            }
            if (path.equals("auth/token/renew-self") && method.equals("POST")) {
                send(ex, 200, Map.of("auth", auth(token)));
                return;
            }
            int slash = path.indexOf('/');
            String mount = slash < 0 ? path : path.substring(0, slash);
            if (!mounts.contains(mount)) {
                send(ex, 404, errors("no handler for route \"" + path + "\". route entry not found."));
                return;
            }
            String rest = path.substring(slash + 1);
            if (rest.startsWith("data/")) {
                data(ex, method, mount, rest.substring(5), body);
            } else if (rest.startsWith("metadata/")) {
                metadata(ex, method, mount, rest.substring(9));
            } else {
                send(ex, 404, errors());
            }
        } catch (RuntimeException e) {
            send(ex, 500, errors("internal error: " + e.getClass().getSimpleName()));
        }
    }

    private void appRoleLogin(HttpExchange ex, byte[] body) throws IOException {
        JsonNode json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        String roleId = json.path("role_id").asText("");
        String secretId = json.path("secret_id").asText("");
        if (!secretId.equals(appRoles.get(roleId)) || secretId.isEmpty()) {
            send(ex, 400, errors("invalid role or secret ID"));
            return;
        }
        String token = "hvs.emu-" + UUID.randomUUID();
        tokens.put(token, 0L);
        logins.incrementAndGet();
        send(ex, 200, Map.of("auth", auth(token)));
    }

    private Map<String, Object> auth(String token) {
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("client_token", token);
        auth.put("accessor", "acc-" + Integer.toHexString(token.hashCode()));
        auth.put("policies", List.of("default"));
        auth.put("token_policies", List.of("default"));
        auth.put("metadata", Map.of());
        auth.put("lease_duration", tokenTtlSeconds);
        auth.put("renewable", tokenTtlSeconds > 0);
        auth.put("token_type", "service");
        auth.put("orphan", true);
        return auth;
    }

    private Map<String, Object> tokenInfo(String token) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("accessor", "acc-" + Integer.toHexString(token.hashCode()));
        info.put("ttl", tokenTtlSeconds);
        info.put("renewable", tokenTtlSeconds > 0);
        info.put("policies", List.of("default"));
        info.put("type", "service");
        return info;
    }

    private void data(HttpExchange ex, String method, String mount, String path, byte[] body) throws IOException {
        String key = mount + "/" + path;
        switch (method) {
            case "GET" -> {
                Secret s = secrets.get(key);
                if (s == null) {
                    send(ex, 404, errors());
                    return;
                }
                String q = Optional.ofNullable(ex.getRequestURI().getQuery()).orElse("");
                synchronized (s) {
                    long wanted = s.current;
                    for (String p : q.split("&")) {
                        if (p.startsWith("version=")) {
                            long v = Long.parseLong(p.substring(8));
                            wanted = v == 0 ? s.current : v;
                        }
                    }
                    Version v = s.versions.get(wanted);
                    if (v == null || v.deleted != null) {
                        send(ex, 404, errors());
                        return;
                    }
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("data", v.data);
                    data.put("metadata", versionMetadata(wanted, v));
                    send(ex, 200, envelope(data));
                }
            }
            case "POST", "PUT" -> {
                JsonNode json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
                if (!json.path("data").isObject()) {
                    send(ex, 400, errors("no data provided"));
                    return;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> data = JSON.convertValue(json.get("data"), LinkedHashMap.class);
                JsonNode cas = json.path("options").path("cas");
                Secret s = secrets.computeIfAbsent(key, k -> new Secret(clock.instant()));
                synchronized (s) {
                    if (cas.isMissingNode() || cas.isNull()) {
                        if (casRequired) {
                            send(ex, 400, errors(CAS_REQUIRED));
                            return;
                        }
                    } else if (cas.asLong() != s.current) {
                        send(ex, 400, errors(CAS_MISMATCH));
                        return;
                    }
                    long version = s.add(data, clock.instant());
                    send(ex, 200, envelope(versionMetadata(version, s.versions.get(version))));
                }
            }
            case "DELETE" -> {
                Secret s = secrets.get(key);
                if (s != null) {
                    synchronized (s) {
                        Version v = s.versions.get(s.current);
                        if (v != null) {
                            v.deleted = clock.instant();
                        }
                    }
                }
                send(ex, 204, null);
            }
            default -> send(ex, 405, errors("unsupported operation"));
        }
    }

    private void metadata(HttpExchange ex, String method, String mount, String path) throws IOException {
        String key = mount + "/" + path;
        switch (method) {
            case "GET" -> {
                Secret s = secrets.get(key);
                if (s == null) {
                    send(ex, 404, errors());
                    return;
                }
                synchronized (s) {
                    Map<String, Object> versions = new LinkedHashMap<>();
                    s.versions.forEach((n, v) -> versions.put(Long.toString(n), versionMetadata(n, v)));
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("cas_required", casRequired);
                    m.put("created_time", s.created.toString());
                    m.put("updated_time", s.updated.toString());
                    m.put("current_version", s.current);
                    m.put("oldest_version", s.versions.isEmpty() ? 0 : s.versions.firstKey());
                    m.put("max_versions", 0);
                    m.put("delete_version_after", "0s");
                    m.put("custom_metadata", null);
                    m.put("versions", versions);
                    send(ex, 200, envelope(m));
                }
            }
            case "DELETE" -> {
                secrets.remove(key);
                send(ex, 204, null);
            }
            default -> send(ex, 405, errors("unsupported operation"));
        }
    }

    private static Map<String, Object> versionMetadata(long version, Version v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("created_time", v.created.toString());
        m.put("custom_metadata", null);
        m.put("deletion_time", v.deleted == null ? "" : v.deleted.toString());
        m.put("destroyed", false);
        m.put("version", version);
        return m;
    }

    private static Map<String, Object> envelope(Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request_id", UUID.randomUUID().toString());
        m.put("lease_id", "");
        m.put("renewable", false);
        m.put("lease_duration", 0);
        m.put("data", data);
        m.put("wrap_info", null);
        m.put("warnings", null);
        m.put("auth", null);
        return m;
    }

    private static Map<String, Object> errors(String... messages) {
        return Map.of("errors", new ArrayList<>(List.of(messages)));
    }

    private static byte[] readBody(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Builds a {@link VaultEmulator}. Not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private final Set<String> mounts = new java.util.LinkedHashSet<>(List.of("secret"));
        private boolean casRequired;
        private String rootToken;
        private final Map<String, String> appRoles = new LinkedHashMap<>();
        private long tokenTtlSeconds = 3600;

        private Builder() {
        }

        /** The clock of created and updated times; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Adds a KV v2 mount ({@code secret} is always there). */
        public Builder mount(String mount) {
            if (mount == null || mount.isBlank() || mount.contains("/")) {
                throw new IllegalArgumentException("mount must be one non-blank path segment, was " + mount);
            }
            mounts.add(mount);
            return this;
        }

        /** Makes writes without {@code options.cas} fail, as a mount with {@code cas_required=true} does. */
        public Builder casRequired(boolean required) {
            this.casRequired = required;
            return this;
        }

        /** A token allowed everywhere. */
        public Builder rootToken(String token) {
            this.rootToken = Objects.requireNonNull(token, "rootToken");
            return this;
        }

        /** An AppRole whose login with this role id and secret id issues a new token. */
        public Builder appRole(String roleId, String secretId) {
            appRoles.put(Objects.requireNonNull(roleId, "roleId"), Objects.requireNonNull(secretId, "secretId"));
            return this;
        }

        /** TTL reported for issued tokens; 0 makes them non-renewable. Default one hour. */
        public Builder tokenTtlSeconds(long seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("tokenTtlSeconds must not be negative, was " + seconds);
            }
            this.tokenTtlSeconds = seconds;
            return this;
        }

        public VaultEmulator build() {
            try {
                return new VaultEmulator(this);
            } catch (IOException e) {
                throw new IllegalStateException("could not start the Vault emulator", e);
            }
        }
    }
}
