package dev.outbound.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.outbound.gateway.alerts.AlertEvent;
import dev.outbound.gateway.health.HealthRow;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * The customer-success dashboard: a read-only page and JSON endpoints over the health view, served on the loopback
 * interface with the JDK's HTTP server. One row per customer per integration (each sync, and the account's calls
 * outside any) with its coloured status, what broke and what to do in plain words (the technical reason and the
 * error's category, reason and provider code below it), last sync, records and errors today; sortable by column and filterable by customer through the query string
 * ({@code ?customer=acme&sort=status}), so it works without JavaScript. It shows only what {@link HealthRow} and
 * {@link AlertEvent} hold — categories, counts, times and secret-free reasons. Thread-safe; close it when done.
 *
 * <ul>
 *   <li>{@code GET /} — the page (refreshes itself every 5 seconds while the demo runs);</li>
 *   <li>{@code GET /api/health} — the rows as JSON, same {@code customer} and {@code sort} parameters;</li>
 *   <li>{@code GET /api/alerts} — the alert events raised so far.</li>
 * </ul>
 */
public final class HealthDashboard implements AutoCloseable {
    static final List<String> SORTS = List.of("status", "customer", "provider", "last_sync", "records", "errors");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Supplier<List<HealthRow>> rows;
    private final Supplier<List<AlertEvent>> alerts;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();

    private HealthDashboard(HttpServer server, Supplier<List<HealthRow>> rows, Supplier<List<AlertEvent>> alerts,
                            Clock clock) {
        this.server = server;
        this.rows = rows;
        this.alerts = alerts;
        this.clock = clock;
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "outbound-dashboard");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Serves the dashboard on 127.0.0.1.
     *
     * @param port the port, 0 for any free one
     * @param rows the rows to show (e.g. {@code monitor.view()::rows})
     * @param alerts the alert events to list
     * @param clock the clock "ago" times are measured with
     */
    public static HealthDashboard start(int port, Supplier<List<HealthRow>> rows, Supplier<List<AlertEvent>> alerts,
                                        Clock clock) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        return new HealthDashboard(server, rows, alerts, clock);
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8089/}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            respond(ex);
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger("dev.outbound.dashboard").warn("dashboard request {} failed: {}",
                    ex.getRequestURI().getPath(), e.toString());
            throw e;
        }
    }

    private void respond(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            send(ex, 405, "text/plain", "method not allowed");
            return;
        }
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        String customer = q.getOrDefault("customer", "").trim();
        String sort = SORTS.contains(q.getOrDefault("sort", "")) ? q.get("sort") : "status";
        switch (ex.getRequestURI().getPath()) {
            case "/" -> send(ex, 200, "text/html; charset=utf-8", html(select(customer, sort), customer, sort));
            case "/api/health" -> send(ex, 200, "application/json", json(select(customer, sort)));
            case "/api/alerts" -> send(ex, 200, "application/json", alertsJson());
            default -> send(ex, 404, "text/plain", "not found");
        }
    }

    List<HealthRow> select(String customer, String sort) {
        String needle = customer.toLowerCase(Locale.ROOT);
        List<HealthRow> out = new ArrayList<>(rows.get().stream()
                .filter(r -> needle.isEmpty() || r.customer().toLowerCase(Locale.ROOT).contains(needle)).toList());
        Comparator<HealthRow> byName = Comparator.comparing(HealthRow::customer).thenComparing(HealthRow::provider)
                .thenComparing(HealthRow::integration);
        Comparator<HealthRow> order = switch (sort) {
            case "customer" -> byName;
            case "provider" -> Comparator.comparing(HealthRow::provider).thenComparing(HealthRow::customer);
            case "last_sync" -> Comparator.comparing((HealthRow r) -> r.lastSyncAt().orElse(Instant.EPOCH))
                    .reversed().thenComparing(byName);
            case "records" -> Comparator.comparingLong(HealthRow::recordsToday).reversed().thenComparing(byName);
            case "errors" -> Comparator.comparingLong(HealthDashboard::errorCount).reversed().thenComparing(byName);
            default -> Comparator.comparing(HealthRow::status).reversed().thenComparing(byName);
        };
        out.sort(order);
        return out;
    }

    private String html(List<HealthRow> list, String customer, String sort) {
        Instant now = clock.instant();
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"5\">")
                .append("<title>Outbound — integration health</title><style>")
                .append("body{font-family:sans-serif;margin:24px;color:#202124}")
                .append("table{border-collapse:collapse;width:100%}")
                .append("th,td{border-bottom:1px solid #dadce0;padding:6px 10px;text-align:left;vertical-align:top}")
                .append("th a{color:#1a73e8;text-decoration:none}th.sorted a{font-weight:bold;text-decoration:underline}")
                .append(".badge{display:inline-block;min-width:64px;padding:4px 8px;border-radius:4px;")
                .append("font-weight:bold;text-align:center;color:#fff}")
                .append(".status-green{background:#188038}.status-yellow{background:#f9ab00;color:#202124}")
                .append(".status-red{background:#d93025}")
                .append(".muted{color:#5f6368;font-size:90%}.reasons{margin:4px 0 0 16px;padding:0}")
                .append("</style></head><body>")
                .append("<h1>Integration health</h1>")
                .append("<p class=\"muted\">As of ").append(esc(TIME.format(now))).append(". ")
                .append(list.size()).append(" integration(s) shown.</p>")
                .append("<form method=\"get\" action=\"/\"><label for=\"customer\">Customer</label> ")
                .append("<input id=\"customer\" name=\"customer\" value=\"").append(esc(customer)).append("\"> ")
                .append("<input type=\"hidden\" name=\"sort\" value=\"").append(esc(sort)).append("\">")
                .append("<button type=\"submit\">Filter</button> <a href=\"/?sort=").append(esc(sort))
                .append("\">Clear</a></form><br>")
                .append("<table id=\"health\"><thead><tr>");
        String[][] cols = {{"status", "Status"}, {"customer", "Customer"}, {"provider", "Provider"},
                {null, "Integration"}, {null, "What broke, what to do"}, {"last_sync", "Last sync"}, {"records", "Records today"},
                {"errors", "Errors today"}, {null, "Credential"}, {null, "Circuit"}, {null, "Success 24h"}};
        for (String[] c : cols) {
            if (c[0] == null) {
                h.append("<th>").append(c[1]).append("</th>");
            } else {
                h.append("<th").append(c[0].equals(sort) ? " class=\"sorted\"" : "").append("><a href=\"/?sort=")
                        .append(c[0]).append(customer.isEmpty() ? "" : "&amp;customer=" + esc(enc(customer)))
                        .append("\">").append(c[1]).append("</a></th>");
            }
        }
        h.append("</tr></thead><tbody>");
        for (HealthRow r : list) {
            String status = r.status().wireName();
            h.append("<tr class=\"row\" data-customer=\"").append(esc(r.customer())).append("\" data-provider=\"")
                    .append(esc(r.provider())).append("\" data-status=\"").append(status).append("\">")
                    .append("<td><span class=\"badge status-").append(status).append("\">").append(r.status())
                    .append("</span></td>")
                    .append("<td>").append(esc(r.customer())).append("</td>")
                    .append("<td>").append(esc(r.provider())).append("</td>")
                    .append("<td class=\"integration\">").append(esc(r.integrationLabel())).append("</td>")
                    .append("<td class=\"advice\"><b>").append(esc(r.advice().headline())).append("</b>: ")
                    .append(esc(r.advice().action()))
                    .append("<div class=\"muted reason\">").append(esc(r.reason()))
                    .append(r.detail().isEmpty() ? "" : " [" + esc(r.detail()) + "]").append("</div>");
            r.since().ifPresent(s -> h.append("<div class=\"muted since\">since ").append(esc(TIME.format(s)))
                    .append(" (").append(esc(ago(s, now))).append(")</div>"));
            if (r.reasons().size() > 1) {
                h.append("<ul class=\"reasons muted\">");
                r.reasons().subList(1, r.reasons().size()).forEach(x -> h.append("<li>").append(esc(x))
                        .append("</li>"));
                h.append("</ul>");
            }
            h.append("</td><td>").append(r.lastSyncAt().map(t -> esc(ago(t, now)) + "<div class=\"muted\">"
                    + esc(r.lastSyncOutcome()) + "</div>").orElse("never")).append("</td>")
                    .append("<td>").append(r.recordsToday())
                    .append(r.recordsFailedToday() > 0 ? " <span class=\"muted\">(" + r.recordsFailedToday()
                            + " failed)</span>" : "").append("</td>")
                    .append("<td class=\"errors\">").append(r.errorsToday().isEmpty() ? "—"
                            : esc(String.join(", ", r.errorsToday().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue()).toList()))).append("</td>")
                    .append("<td>").append(esc(r.credentialState().wireName().replace('_', ' '))).append("</td>")
                    .append("<td>").append(esc(r.circuitState().replace('_', ' '))).append("</td>")
                    .append("<td>").append(r.successRate24h().isPresent()
                            ? String.format(Locale.ROOT, "%.1f%%", r.successRate24h().getAsDouble() * 100) : "—")
                    .append("</td></tr>");
        }
        h.append("</tbody></table>");
        List<AlertEvent> events = alerts.get();
        h.append("<h2>Alerts</h2>");
        if (events.isEmpty()) {
            h.append("<p class=\"muted\">None.</p>");
        } else {
            h.append("<table id=\"alerts\"><thead><tr><th>When</th><th>Event</th><th>Rule</th><th>Integration</th>")
                    .append("<th>Since</th><th>What broke, what to do</th></tr></thead><tbody>");
            for (AlertEvent e : events) {
                h.append("<tr class=\"alert\"><td>").append(esc(TIME.format(e.at()))).append("</td><td>")
                        .append(e.type().wireName()).append("</td><td>").append(esc(e.rule())).append("</td><td>")
                        .append(esc(e.account().customerId() + "/" + e.account().provider()
                                + (e.integration().isEmpty() ? "" : " " + e.integration()))).append("</td><td>")
                        .append(esc(TIME.format(e.since()))).append("</td><td><b>").append(esc(e.advice().headline()))
                        .append("</b>: ").append(esc(e.advice().action())).append("<div class=\"muted\">")
                        .append(esc(e.summary())).append("</div></td></tr>");
            }
            h.append("</tbody></table>");
        }
        return h.append("</body></html>").toString();
    }

    private String json(List<HealthRow> list) throws IOException {
        ArrayNode a = mapper.createArrayNode();
        for (HealthRow r : list) {
            ObjectNode n = a.addObject();
            n.put("customer", r.customer());
            n.put("provider", r.provider());
            n.put("integration", r.integration());
            n.put("status", r.status().wireName());
            n.put("headline", r.advice().headline());
            n.put("action", r.advice().action());
            n.put("reason", r.reason());
            n.put("detail", r.detail());
            ArrayNode reasons = n.putArray("reasons");
            r.reasons().forEach(reasons::add);
            putTime(n, "since", r.since());
            putTime(n, "last_sync_at", r.lastSyncAt());
            n.put("last_sync_outcome", r.lastSyncOutcome());
            putTime(n, "last_success_at", r.lastSuccessAt());
            if (r.successRate24h().isPresent()) {
                n.put("success_rate_24h", r.successRate24h().getAsDouble());
            } else {
                n.putNull("success_rate_24h");
            }
            n.put("calls_24h", r.calls24h());
            n.put("records_today", r.recordsToday());
            n.put("records_failed_today", r.recordsFailedToday());
            ObjectNode errors = n.putObject("errors_today");
            r.errorsToday().forEach(errors::put);
            n.put("credential_state", r.credentialState().wireName());
            n.put("circuit_state", r.circuitState());
            n.put("rate_limit_backlog", r.backlog());
            n.put("updated_at", r.updatedAt().toString());
        }
        return mapper.writeValueAsString(a);
    }

    private String alertsJson() throws IOException {
        ArrayNode a = mapper.createArrayNode();
        for (AlertEvent e : alerts.get()) {
            ObjectNode n = a.addObject();
            n.put("key", e.key());
            n.put("type", e.type().wireName());
            n.put("rule", e.rule());
            n.put("severity", e.severity());
            n.put("customer", e.account().customerId());
            n.put("provider", e.account().provider());
            n.put("integration", e.integration());
            n.put("headline", e.advice().headline());
            n.put("action", e.advice().action());
            n.put("summary", e.summary());
            n.put("since", e.since().toString());
            n.put("at", e.at().toString());
        }
        return mapper.writeValueAsString(a);
    }

    private static void putTime(ObjectNode n, String field, Optional<Instant> t) {
        if (t.isPresent()) {
            n.put(field, t.get().toString());
        } else {
            n.putNull(field);
        }
    }

    private static long errorCount(HealthRow r) {
        return r.errorsToday().values().stream().mapToLong(Long::longValue).sum();
    }

    static String ago(Instant t, Instant now) {
        long s = Math.max(0, Duration.between(t, now).toSeconds());
        return s < 60 ? s + "s ago" : s < 3600 ? (s / 60) + "m ago" : s < 86400 ? (s / 3600) + "h " + (s % 3600 / 60)
                + "m ago" : (s / 86400) + "d ago";
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            q.putIfAbsent(k, v.length() > 128 ? v.substring(0, 128) : v);
        }
        return q;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
