package dev.outbound.testkit.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Vault's HTTP surface over {@link VaultAuth} and {@link KvV2Store}: routes {@code /v1/...}, checks
 * {@code X-Vault-Token}, answers 503 while sealed, and writes Vault's JSON envelopes and {@code errors} bodies.
 * Thread-safe: the seal switch and the request log may change while requests run.
 */
final class VaultHttpHandler implements HttpHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final VaultAuth auth;
    private final KvV2Store store;
    private final Set<String> mounts;
    private final List<String> requestLog = new CopyOnWriteArrayList<>();
    private volatile boolean sealed;

    VaultHttpHandler(VaultAuth auth, KvV2Store store, Set<String> mounts) {
        this.auth = auth;
        this.store = store;
        this.mounts = Set.copyOf(mounts);
    }

    void sealed(boolean sealed) {
        this.sealed = sealed;
    }

    List<String> requestLog() {
        return requestLog;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
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
            byte[] body = ex.getRequestBody().readAllBytes();
            if (path.equals("sys/health")) {
                send(ex, 200, Map.of("initialized", true, "sealed", false, "standby", false));
                return;
            }
            if (path.equals("auth/approle/login") && method.equals("POST")) {
                appRoleLogin(ex, body);
                return;
            }
            String token = ex.getRequestHeaders().getFirst("X-Vault-Token");
            if (!auth.permits(token, path)) {
                send(ex, 403, errors("permission denied"));
                return;
            }
            if (path.equals("auth/token/lookup-self")) {
                send(ex, 200, Map.of("data", auth.tokenInfo(token)));
                return;
            }
            if (path.equals("auth/token/renew-self") && method.equals("POST")) {
                send(ex, 200, Map.of("auth", auth.auth(token)));
                return;
            }
            kv(ex, method, path, body);
        } catch (RuntimeException e) {
            send(ex, 500, errors("internal error: " + e.getClass().getSimpleName()));
        }
    }

    private void appRoleLogin(HttpExchange ex, byte[] body) throws IOException {
        JsonNode json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        Optional<String> token = auth.appRoleLogin(json.path("role_id").asText(""), json.path("secret_id").asText(""));
        if (token.isEmpty()) {
            send(ex, 400, errors("invalid role or secret ID"));
            return;
        }
        send(ex, 200, Map.of("auth", auth.auth(token.get())));
    }

    private void kv(HttpExchange ex, String method, String path, byte[] body) throws IOException {
        int slash = path.indexOf('/');
        String mount = slash < 0 ? path : path.substring(0, slash);
        if (!mounts.contains(mount)) {
            send(ex, 404, errors("no handler for route \"" + path + "\". route entry not found."));
            return;
        }
        String rest = path.substring(slash + 1);
        if (rest.startsWith("data/")) {
            data(ex, method, mount + "/" + rest.substring(5), body);
        } else if (rest.startsWith("metadata/")) {
            metadata(ex, method, mount + "/" + rest.substring(9));
        } else {
            send(ex, 404, errors());
        }
    }

    private void data(HttpExchange ex, String method, String key, byte[] body) throws IOException {
        switch (method) {
            case "GET" -> {
                Optional<Map<String, Object>> read = store.read(key, requestedVersion(ex));
                if (read.isEmpty()) {
                    send(ex, 404, errors());
                } else {
                    send(ex, 200, envelope(read.get()));
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
                OptionalLong expected = cas.isMissingNode() || cas.isNull()
                        ? OptionalLong.empty() : OptionalLong.of(cas.asLong());
                KvV2Store.Write write = store.write(key, data, expected);
                if (write.error() != null) {
                    send(ex, 400, errors(write.error()));
                } else {
                    send(ex, 200, envelope(write.metadata()));
                }
            }
            case "DELETE" -> {
                store.deleteLatest(key);
                send(ex, 204, null);
            }
            default -> send(ex, 405, errors("unsupported operation"));
        }
    }

    private void metadata(HttpExchange ex, String method, String key) throws IOException {
        switch (method) {
            case "GET" -> {
                Optional<Map<String, Object>> metadata = store.metadata(key);
                if (metadata.isEmpty()) {
                    send(ex, 404, errors());
                } else {
                    send(ex, 200, envelope(metadata.get()));
                }
            }
            case "DELETE" -> {
                store.deleteAll(key);
                send(ex, 204, null);
            }
            default -> send(ex, 405, errors("unsupported operation"));
        }
    }

    /** {@code ?version=N}; 0 (also when absent) means the latest, as in Vault. */
    private static long requestedVersion(HttpExchange ex) {
        String query = Optional.ofNullable(ex.getRequestURI().getQuery()).orElse("");
        long wanted = 0;
        for (String p : query.split("&")) {
            if (p.startsWith("version=")) {
                wanted = Long.parseLong(p.substring(8));
            }
        }
        return wanted;
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
}
