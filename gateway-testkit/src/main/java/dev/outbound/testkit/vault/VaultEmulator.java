package dev.outbound.testkit.vault;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
    private final HttpServer server;
    private final ExecutorService executor;
    private final VaultAuth auth;
    private final KvV2Store store;
    private final VaultHttpHandler handler;

    private VaultEmulator(Builder b) throws IOException {
        this.auth = new VaultAuth(b.appRoles, b.tokenTtlSeconds);
        if (b.rootToken != null) {
            auth.addToken(b.rootToken);
        }
        this.store = new KvV2Store(b.clock, b.casRequired);
        this.handler = new VaultHttpHandler(auth, store, b.mounts);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vault-emulator");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", handler);
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
        handler.sealed(true);
    }

    public void unseal() {
        handler.sealed(false);
    }

    /** Answers 403 to requests whose API path (after {@code /v1/}) starts with {@code pathPrefix}. */
    public void forbid(String pathPrefix) {
        auth.forbid(Objects.requireNonNull(pathPrefix, "pathPrefix"));
    }

    /** Lets every token through again. */
    public void allowAll() {
        auth.allowAll();
    }

    /** Adds a token that may use every path. */
    public void addToken(String token) {
        auth.addToken(Objects.requireNonNull(token, "token"));
    }

    /** Revokes a token: later requests with it get 403. */
    public void revokeToken(String token) {
        auth.revokeToken(token);
    }

    /** Number of successful AppRole logins. */
    public int logins() {
        return auth.logins();
    }

    /** Every request seen, as {@code METHOD /v1/path} (no query, no body, no token): for assertions. */
    public List<String> requests() {
        return List.copyOf(handler.requestLog());
    }

    /** Number of requests seen with this method whose path starts with {@code pathPrefix}. */
    public long requestCount(String method, String pathPrefix) {
        return handler.requestLog().stream().filter(r -> r.startsWith(method + " " + pathPrefix)).count();
    }

    public void clearRequests() {
        handler.requestLog().clear();
    }

    /** The latest data of a KV v2 secret ({@code mount}, path below it), if it exists and is not deleted. */
    public Optional<Map<String, Object>> data(String mount, String path) {
        return store.latestData(mount + "/" + path);
    }

    /** The current version of a secret, 0 when it has none. */
    public long currentVersion(String mount, String path) {
        return store.currentVersion(mount + "/" + path);
    }

    /** Writes a secret version as an operator would (no check-and-set); returns its version. */
    public long put(String mount, String path, Map<String, Object> data) {
        return store.put(mount + "/" + path, data);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Builds a {@link VaultEmulator}. Not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private final Set<String> mounts = new LinkedHashSet<>(List.of("secret"));
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
