package dev.outbound.examples;

import static dev.outbound.examples.SyncDemo.QUIET_AFTER;
import static dev.outbound.examples.SyncDemo.RECORDS_PER_CUSTOMER;
import static dev.outbound.examples.SyncDemo.ROUNDS;
import static dev.outbound.examples.SyncDemo.SHOWN_RECORD;
import static dev.outbound.examples.SyncDemo.SYNC_EVERY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbound.config.ErrorPreference;
import dev.outbound.config.IntegrationConfig;
import dev.outbound.config.LoadedConfig;
import dev.outbound.config.Schedule;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.alerts.AlertEvent;
import dev.outbound.gateway.health.HealthRow;
import dev.outbound.gateway.sync.SyncResult;
import dev.outbound.testkit.RecordedRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the demo prints: the configurations it runs with, the last sync round per customer, one record as two
 * customers' mappings wrote it, and the health rows and alerts as the dashboard shows them. Stateless.
 */
final class DemoSummary {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoSummary() {
    }

    static void printConfigs(PrintStream out, List<LoadedConfig> configs, Path dir) {
        long yaml = configs.stream().filter(c -> !c.source().endsWith(".json")).count();
        out.printf("Configuration: %d integrations from %s (%d JSON, %d YAML), validated against the published "
                + "schema%n", configs.size(), DemoConfig.CONFIG_RESOURCE, configs.size() - yaml, yaml);
        for (LoadedConfig c : configs) {
            IntegrationConfig ic = c.config();
            out.printf("  %-9s %-4s %-18s %-5s %-40s %s%n", ic.key().customerId(), ic.provider(),
                    relative(dir, c.source()), ic.onError() == ErrorPreference.HALT ? "halt" : "skip",
                    describe(ic.schedule()), (ic.filter().isPresent() ? "filter, " : "") + ic.mappings().size()
                            + " mappings" + ic.apiVersion().map(v -> ", API " + v).orElse(""));
        }
    }

    private static String describe(Schedule schedule) {
        if (schedule instanceof Schedule.Interval i) {
            return "every " + i.every().toMinutes() + " min" + (i.isAdaptive() ? " (adaptive " + i.min().toMinutes()
                    + "-" + i.max().toMinutes() + " min)" : "");
        }
        if (schedule instanceof Schedule.Cron c) {
            return "cron " + c.expression() + " " + c.zone();
        }
        return "webhook";
    }

    private static String relative(Path dir, String source) {
        return dir.relativize(Path.of(source)).toString().replace('\\', '/');
    }

    static void printRuns(PrintStream out, Map<AccountKey, SyncResult> runs) {
        out.println();
        out.println("Last sync round — " + RECORDS_PER_CUSTOMER + " source records per customer; skipped = left out by "
                + "the customer's filter");
        out.printf("%-10s %-9s %-9s %9s %7s %7s %13s %5s  %s%n", "customer", "provider", "outcome", "succeeded",
                "failed", "skipped", "not attempted", "of", "errors by category");
        runs.forEach((account, r) -> out.printf("%-10s %-9s %-9s %9d %7d %7d %13s %5s  %s%n", account.customerId(),
                account.provider(), r.outcome().wireName(), r.succeeded(), r.failed(), r.skipped(),
                r.totalKnown() ? String.valueOf(r.notAttempted()) : "?", r.totalKnown() ? String.valueOf(r.total()) : "?",
                r.errorsByCategory().isEmpty() ? "-" : r.errorsByCategory().entrySet().stream()
                        .map(e -> e.getKey().wireName() + "=" + e.getValue()).collect(Collectors.joining(", "))));
        runs.forEach((account, r) -> {
            if (r.notAttempted() > 0 || !r.totalKnown()) {
                out.println("  " + account + ": " + r.summary());
            }
        });
    }

    static void printHealth(PrintStream out, List<HealthRow> rows, List<AlertEvent> alerts, Duration took) {
        out.println();
        out.println("Health (as on the dashboard):");
        for (HealthRow r : rows) {
            out.printf("  %-6s %-10s %-4s %-12s %s (%s%s)%n", r.status(), r.customer(), r.provider(),
                    r.integrationLabel(), r.advice().sentence(), r.reason(),
                    r.since().map(s -> ", since " + s).orElse(""));
        }
        out.println();
        out.println("Alert log:");
        if (alerts.isEmpty()) {
            out.println("  (none)");
        }
        alerts.forEach(a -> out.println("  " + a.describe()));
        out.printf("%nFinished in %.1f s (%d simulated minutes). Every attempt is logged in %s.%n",
                took.toMillis() / 1000.0, (ROUNDS - 1) * SYNC_EVERY.toMinutes() + QUIET_AFTER.toMinutes(),
                System.getProperty("outbound.demo.log", "target/outbound-demo.log"));
    }

    /**
     * The same CRM contact as crm/acme and crm/globex wrote it — the bodies the CRM simulator received — beside the
     * source record, one field per line.
     */
    static void printMapping(PrintStream out, List<LoadedConfig> configs, Path dir,
                                     List<RecordedRequest> crmReceived, Map<AccountKey, String> paths) {
        List<String> heads = new ArrayList<>(List.of("source: crm contact " + SHOWN_RECORD));
        List<List<String>> columns = new ArrayList<>(List.of(flatten(DemoSources.crmContact(SHOWN_RECORD))));
        for (String customer : List.of("acme", "globex")) {
            AccountKey key = AccountKey.of("crm", customer);
            String source = configs.stream().filter(c -> c.config().accountKey().equals(key)).findFirst()
                    .map(c -> relative(dir, c.source())).orElse("?");
            heads.add("written for " + customer + " (" + source + ")");
            String path = paths.get(key) + "/records/" + SHOWN_RECORD;
            columns.add(crmReceived.stream().filter(r -> r.method().equals("PUT") && r.path().equals(path))
                    .findFirst().map(r -> flatten(readTree(r.bodyAsString()))).orElse(List.of("(not written)")));
        }
        out.println();
        out.println("Mapping — one source record, two customers of the crm, two different records:");
        int[] widths = new int[columns.size()];
        int lines = 0;
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = heads.get(i).length();
            for (String line : columns.get(i)) {
                widths[i] = Math.max(widths[i], line.length());
            }
            lines = Math.max(lines, columns.get(i).size());
        }
        StringBuilder row = new StringBuilder("  ");
        for (int i = 0; i < heads.size(); i++) {
            row.append(String.format("%-" + (widths[i] + 3) + "s", heads.get(i)));
        }
        out.println(row.toString().stripTrailing());
        for (int l = 0; l < lines; l++) {
            row = new StringBuilder("  ");
            for (int i = 0; i < columns.size(); i++) {
                List<String> column = columns.get(i);
                row.append(String.format("%-" + (widths[i] + 3) + "s", l < column.size() ? column.get(l) : ""));
            }
            out.println(row.toString().stripTrailing());
        }
    }

    /** {@code path = value} per leaf, in document order; values as JSON. */
    static List<String> flatten(JsonNode node) {
        List<String> lines = new ArrayList<>();
        flatten("", node, lines);
        return lines;
    }

    private static void flatten(String prefix, JsonNode node, List<String> lines) {
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                    e.getValue(), lines));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), lines);
            }
        } else {
            lines.add(prefix + " = " + node);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
