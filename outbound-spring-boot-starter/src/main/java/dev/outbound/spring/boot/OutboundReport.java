package dev.outbound.spring.boot;

import dev.outbound.gateway.CompatibilityMatrix;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.alerts.AlertEvent;
import dev.outbound.gateway.health.HealthMonitor;
import dev.outbound.gateway.health.HealthRow;
import dev.outbound.gateway.health.HealthStatus;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What the actuator shows of Outbound, the same on both Spring Boot lines: the overall status and the details of
 * the {@code outbound} health contributor, and the {@code outbound} endpoint's JSON (health rows, firing alerts,
 * compatibility matrix, rate-limit consumption). Everything is reduced to maps, strings and numbers so that neither
 * line's JSON mapper has to know the library's types. Thread-safe: it only reads.
 */
public final class OutboundReport {
    /** The status a contributor reports when some integration is yellow: working, with something to look at. */
    public static final String DEGRADED = "DEGRADED";
    private static final String RATE_LIMIT_METERS = "outbound.ratelimit.";

    private final IntegrationGateway gateway;
    private final HealthMonitor monitor;

    public OutboundReport(IntegrationGateway gateway, HealthMonitor monitor) {
        this.gateway = gateway;
        this.monitor = monitor;
    }

    /** UP when every integration is green (or none has been seen), DEGRADED when one is yellow, DOWN when one is red. */
    public String status() {
        HealthStatus worst = HealthStatus.GREEN;
        for (HealthRow r : monitor.rows()) {
            worst = worst.worst(r.status());
        }
        return switch (worst) {
            case GREEN -> "UP";
            case YELLOW -> DEGRADED;
            case RED -> "DOWN";
        };
    }

    /** The health contributor's details: one entry per integration, by provider/customer. */
    public Map<String, Object> healthDetails() {
        Map<String, Object> integrations = new TreeMap<>();
        for (HealthRow r : monitor.rows()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("status", r.status().wireName());
            d.put("reason", r.reason());
            d.put("credential", r.credentialState().name().toLowerCase(java.util.Locale.ROOT));
            d.put("circuit", r.circuitState());
            integrations.put(r.provider() + "/" + r.customer(), d);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("integrations", integrations);
        details.put("firingAlerts", monitor.firingAlerts().size());
        return details;
    }

    /** The endpoint's body. */
    public Map<String, Object> endpoint() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status());
        body.put("health", monitor.rows().stream().map(OutboundReport::row).toList());
        body.put("alerts", monitor.firingAlerts().stream().map(OutboundReport::alert).toList());
        body.put("compatibility", gateway.compatibilityMatrix().entries().stream().map(OutboundReport::entry).toList());
        body.put("rateLimits", rateLimits(gateway.meterRegistry()));
        return body;
    }

    private static Map<String, Object> row(HealthRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provider", r.provider());
        m.put("customer", r.customer());
        m.put("integration", r.integration());
        m.put("status", r.status().wireName());
        m.put("headline", r.advice().headline());
        m.put("action", r.advice().action());
        m.put("reason", r.reason());
        m.put("detail", r.detail());
        m.put("reasons", r.reasons());
        m.put("since", text(r.since()));
        m.put("lastSyncAt", text(r.lastSyncAt()));
        m.put("lastSyncOutcome", r.lastSyncOutcome());
        m.put("lastSuccessAt", text(r.lastSuccessAt()));
        m.put("successRate24h", number(r.successRate24h()));
        m.put("calls24h", r.calls24h());
        m.put("recordsToday", r.recordsToday());
        m.put("recordsFailedToday", r.recordsFailedToday());
        m.put("errorsToday", new TreeMap<>(r.errorsToday()));
        m.put("credentialState", r.credentialState().name().toLowerCase(java.util.Locale.ROOT));
        m.put("circuitState", r.circuitState());
        m.put("backlog", r.backlog());
        m.put("updatedAt", r.updatedAt().toString());
        return m;
    }

    private static Map<String, Object> alert(AlertEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", e.rule());
        m.put("severity", e.severity());
        m.put("provider", e.account().provider());
        m.put("customer", e.account().customerId());
        m.put("integration", e.integration());
        m.put("headline", e.advice().headline());
        m.put("action", e.advice().action());
        m.put("summary", e.summary());
        m.put("since", e.since().toString());
        return m;
    }

    private static Map<String, Object> entry(CompatibilityMatrix.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provider", e.provider());
        m.put("customer", e.customer());
        m.put("version", e.version());
        m.put("status", e.status().name().toLowerCase(java.util.Locale.ROOT));
        m.put("sunset", e.sunset().map(Object::toString).orElse(null));
        m.put("daysLeft", e.daysLeft().orElse(null));
        m.put("nextVersion", e.nextVersion().orElse(null));
        m.put("note", e.note());
        return m;
    }

    /** Every rate-limit meter the limiter registered (gateway-ratelimit), with its tags and current values. */
    private static List<Map<String, Object>> rateLimits(MeterRegistry registry) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Meter meter : registry.getMeters()) {
            Meter.Id id = meter.getId();
            if (!id.getName().startsWith(RATE_LIMIT_METERS)) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", id.getName());
            Map<String, String> tags = new TreeMap<>();
            id.getTags().forEach(t -> tags.put(t.getKey(), t.getValue()));
            m.put("tags", tags);
            Map<String, Double> values = new TreeMap<>();
            for (Measurement x : meter.measure()) {
                values.put(x.getStatistic().getTagValueRepresentation(), x.getValue());
            }
            m.put("values", values);
            out.add(m);
        }
        out.sort(java.util.Comparator.comparing((Map<String, Object> m) -> (String) m.get("name"))
                .thenComparing(m -> m.get("tags").toString()));
        return out;
    }

    private static String text(Optional<?> o) {
        return o.map(Object::toString).orElse(null);
    }

    private static Double number(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : null;
    }
}
