package dev.outbound.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outbound.errors.IntegrationException;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationClient;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.Priority;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.gateway.alerts.AlertEvent;
import dev.outbound.gateway.alerts.LoggingAlertSink;
import dev.outbound.gateway.health.HealthMonitor;
import dev.outbound.gateway.health.HealthRow;
import dev.outbound.gateway.health.HealthThresholds;
import dev.outbound.gateway.sync.SyncResult;
import dev.outbound.gateway.sync.SyncRun;
import dev.outbound.gateway.sync.SyncRuns;
import dev.outbound.testkit.FakeClock;
import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The demo: a SaaS sync job that syncs the records of six customers from two simulated providers — a CRM with bearer
 * tokens and an ERP with API keys — every 15 minutes, while the simulators inject faults: a 5xx burst and one record
 * the CRM keeps failing on (globex), a revoked connected app (initech), records the ERP rejects (acme on erp), 429s
 * with Retry-After (umbrella), and a write outage that opens hooli's circuit. Health is evaluated every minute; the
 * dashboard is served on 127.0.0.1 while the demo runs; alerts go to the log.
 *
 * <p>Time is a {@link FakeClock}: the gateway's backoffs, Retry-After waits and circuit-breaker timers, the sync runs,
 * health and alerts all read it, and the demo moves it — three sync rounds 15 minutes apart and ten quiet minutes
 * after — so that 40 simulated minutes, enough for "sustained" conditions to be sustained, pass in seconds. HTTP to
 * the simulators is real. Needs no services.
 */
public final class SyncDemo {
    static final int RECORDS_PER_CUSTOMER = 300;
    static final int PAGE_SIZE = 50;
    static final int ROUNDS = 3;
    static final Duration SYNC_EVERY = Duration.ofMinutes(15);
    static final Duration QUIET_AFTER = Duration.ofMinutes(10);
    static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
    static final String SYNC = "sync-records";
    static final Duration SOURCE_LAG = Duration.ofMinutes(2);

    /** One customer's integration in the demo. */
    record Customer(String provider, String id, Credential credential) {
    }

    /**
     * What the demo left behind, for its test.
     *
     * @param lastRuns each integration's run of the last round
     * @param rows the dashboard's rows at the end
     * @param alerts every alert event raised, in order
     * @param meters the gateway's meters
     */
    record Result(Map<AccountKey, SyncResult> lastRuns, List<HealthRow> rows, List<AlertEvent> alerts,
                  SimpleMeterRegistry meters) {
    }

    private SyncDemo() {
    }

    public static void main(String[] args) {
        int port = Integer.getInteger("outbound.demo.port", 8089);
        long linger = Long.getLong("outbound.demo.linger", -1);
        Result result = run(System.out, port, url -> {
            if (linger > 0 || (linger < 0 && System.console() != null)) {
                System.out.println(linger > 0 ? "Dashboard stays up for " + linger + " s at " + url
                        : "Dashboard is up at " + url + " — press Enter to stop.");
                waitForEnterOr(linger > 0 ? Duration.ofSeconds(linger) : Duration.ofHours(1));
            }
        });
        if (result.lastRuns().values().stream().noneMatch(r -> r.processed() > 0)) {
            System.err.println("demo synced nothing: something is broken");
            System.exit(1);
        }
    }

    /**
     * Runs the demo; {@code whileServing} is called with the dashboard's address after the last evaluation, while the
     * dashboard is still being served.
     *
     * @param port the dashboard's port on 127.0.0.1, 0 for any free one (taken when the asked one is busy)
     */
    static Result run(PrintStream out, int port, Consumer<URI> whileServing) {
        List<Customer> customers = List.of(
                new Customer("crm", "acme", Credential.OAuth2Token.bearer("crm-token-acme", null)),
                new Customer("crm", "globex", Credential.OAuth2Token.bearer("crm-token-globex", null)),
                new Customer("crm", "initech", Credential.OAuth2Token.bearer("crm-token-initech-revoked", null)),
                new Customer("erp", "acme", Credential.ApiKey.header("X-Api-Key", "erp-key-acme")),
                new Customer("erp", "umbrella", Credential.ApiKey.header("X-Api-Key", "erp-key-umbrella")),
                new Customer("erp", "hooli", Credential.ApiKey.header("X-Api-Key", "erp-key-hooli")));
        FakeClock clock = new FakeClock(START);
        List<AlertEvent> alertLog = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        HealthMonitor monitor = HealthMonitor.builder()
                .clock(clock)
                .thresholds(HealthThresholds.builder().sla("crm", Duration.ofHours(2)).sla("erp", Duration.ofHours(2))
                        .build())
                .meterRegistry(meters)
                .alertSink(new LoggingAlertSink())
                .alertSink(alertLog::add)
                .build();
        SyncRuns syncs = SyncRuns.builder().clock(clock).meterRegistry(meters).listener(monitor).build();
        long started = System.nanoTime();
        try (SimulatedProvider crm = SimulatedProvider.start(); SimulatedProvider erp = SimulatedProvider.start();
             HealthDashboard dashboard = startDashboard(port, monitor, alertLog, clock)) {
            for (Customer c : customers) {
                script(c.provider().equals("crm") ? crm : erp, c);
            }
            injectFaults(crm, erp);
            InMemoryCredentialStore store = new InMemoryCredentialStore(clock);
            customers.forEach(c -> store.put(AccountKey.of(c.provider(), c.id()), c.credential()));
            ProviderPolicy demoPolicy = ProviderPolicy.builder()
                    .backoff(Duration.ofMillis(20), Duration.ofMillis(500))
                    .circuitBreaker(50f, 10, 20, Duration.ofSeconds(30), 3)
                    .build();
            IntegrationGateway.Builder builder = IntegrationGateway.builder()
                    .provider(GenericRestAdapter.builder("crm").baseUrl(crm.baseUrl())
                            .apiVersion("v58.0", GenericRestAdapter.VersionPlacement.PATH).policy(demoPolicy).build())
                    .provider(GenericRestAdapter.builder("erp").baseUrl(erp.baseUrl()).policy(demoPolicy).build())
                    .credentialStore(store)
                    .clock(clock)
                    .meterRegistry(meters)
                    .callListener(monitor)
                    .authEventListener(monitor);
            // Each account has its own base URL, as Salesforce instance URLs and ERP hosts do.
            for (Customer c : customers) {
                String base = (c.provider().equals("crm") ? crm : erp).baseUrl() + "/tenants/" + c.id();
                builder.account(c.provider(), c.id(), AccountSettings.ofBaseUrl(base));
            }
            out.println();
            out.println("Outbound demo — dashboard at " + dashboard.url());
            Map<AccountKey, SyncResult> lastRuns = new java.util.LinkedHashMap<>();
            try (IntegrationGateway gateway = builder.build()) {
                monitor.watch(gateway);
                Instant next = clock.instant();
                for (int round = 1; round <= ROUNDS; round++) {
                    out.printf("round %d at %s%n", round, clock.instant());
                    for (Customer c : customers) {
                        AccountKey key = AccountKey.of(c.provider(), c.id());
                        lastRuns.put(key, sync(syncs, gateway.client(c.provider(), c.id())));
                    }
                    next = next.plus(SYNC_EVERY);
                    Instant until = round == ROUNDS ? clock.instant().plus(QUIET_AFTER) : next;
                    evaluateEveryMinuteUntil(clock, monitor, until);
                }
                List<HealthRow> rows = monitor.view().rows();
                print(out, lastRuns, rows, alertLog, Duration.ofNanos(System.nanoTime() - started));
                whileServing.accept(dashboard.url());
                return new Result(Map.copyOf(lastRuns), rows, List.copyOf(alertLog), meters);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HealthDashboard startDashboard(int port, HealthMonitor monitor, List<AlertEvent> alerts,
                                                  FakeClock clock) throws IOException {
        try {
            return HealthDashboard.start(port, () -> monitor.view().rows(), () -> List.copyOf(alerts), clock);
        } catch (BindException e) {
            return HealthDashboard.start(0, () -> monitor.view().rows(), () -> List.copyOf(alerts), clock);
        }
    }

    /** The scheduler's minute ticks, on the fake clock. */
    private static void evaluateEveryMinuteUntil(FakeClock clock, HealthMonitor monitor, Instant until) {
        while (clock.instant().isBefore(until)) {
            Duration step = Duration.between(clock.instant(), until);
            clock.advance(step.compareTo(Duration.ofMinutes(1)) < 0 ? step : Duration.ofMinutes(1));
            monitor.evaluate();
        }
    }

    /** Pages of records to read, and a write endpoint that accepts each record. */
    private static void script(SimulatedProvider sim, Customer c) {
        String base = "/tenants/" + c.id() + (c.provider().equals("crm") ? "/v58.0" : "");
        for (int p = 0; p < RECORDS_PER_CUSTOMER / PAGE_SIZE; p++) {
            sim.on("GET", base + "/records?page=" + p).respond(page(c.id(), p));
        }
        sim.onPathMatching("PUT", base + "/records/[0-9]+").respond(Responses.json(200, "{\"ok\":true}"));
    }

    private static dev.outbound.testkit.SimulatedResponse page(String customer, int page) {
        StringBuilder json = new StringBuilder("{\"records\":[");
        for (int i = 0; i < PAGE_SIZE; i++) {
            int id = page * PAGE_SIZE + i + 1;
            json.append(i == 0 ? "" : ",").append("{\"id\":").append(id).append(",\"name\":\"")
                    .append(customer).append(" record ").append(id).append("\"}");
        }
        return Responses.json(200, json.append("]}").toString());
    }

    private static void injectFaults(SimulatedProvider crm, SimulatedProvider erp) {
        // crm/globex: a 5xx burst on one page, retried through (a blip: no alert).
        crm.on("GET", "/tenants/globex/v58.0/records?page=2").respond(Responses.status(503), Responses.status(502),
                page("globex", 2));
        // crm/globex: one record the provider keeps failing on.
        crm.on("PUT", "/tenants/globex/v58.0/records/17").respond(Responses.json(500,
                "{\"errorCode\":\"UNKNOWN_EXCEPTION\",\"message\":\"An unexpected error occurred\"}"));
        // crm/initech: the customer's admin revoked the connected app.
        crm.onPathMatching("ANY", "/tenants/initech/.*").respond(Responses.json(401,
                "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]"));
        // erp/umbrella: rate limited twice, with Retry-After (a single 429 episode: no alert).
        erp.on("GET", "/tenants/umbrella/records?page=1").respond(Responses.tooManyRequests(Duration.ofSeconds(1)),
                Responses.tooManyRequests(Duration.ofSeconds(1)), page("umbrella", 1));
        // erp/acme: records the ERP rejects as invalid (record-level: no alert).
        erp.onPathMatching("PUT", "/tenants/acme/records/(13|42|99)").respond(Responses.json(400,
                "{\"error\":{\"code\":\"INVALID_FIELD\",\"message\":\"cost center is required\"}}"));
        // erp/hooli: an outage on writes long enough to open the account's circuit, every round.
        erp.onPathMatching("PUT", "/tenants/hooli/records/(1[0-9][0-9])").respond(Responses.status(503));
    }

    /**
     * One sync: read each page, write each record. A page that cannot be read aborts the run (the source is out of
     * reach, and the records behind it are not known); a record that cannot be written is kept and skipped.
     */
    private static SyncResult sync(SyncRuns syncs, IntegrationClient client) {
        SyncRun run = syncs.start(client.account(), SYNC);
        try (run) {
            for (int page = 0; page < RECORDS_PER_CUSTOMER / PAGE_SIZE && !run.stopped(); page++) {
                JsonNode records;
                try {
                    records = client.get("records").query("page", page).operation("read-records")
                            .priority(Priority.BACKGROUND).execute(JsonNode.class).path("records");
                } catch (IntegrationException e) {
                    run.abort(e.envelope());
                    break;
                }
                for (JsonNode record : records) {
                    String id = record.path("id").asText();
                    try {
                        client.put("records/{id}", id).operation("write-record").body(record).execute();
                        // The simulated source says every record changed two minutes before the run started.
                        run.processed(run.startedAt().minus(SOURCE_LAG));
                    } catch (IntegrationException e) {
                        if (!run.failed(id, e.envelope())) {
                            break;
                        }
                    }
                }
            }
            if (!run.stopped()) {
                run.complete();
            }
        }
        return run.result();
    }

    private static void print(PrintStream out, Map<AccountKey, SyncResult> runs, List<HealthRow> rows,
                              List<AlertEvent> alerts, Duration took) {
        out.println();
        out.println("Last sync round — " + RECORDS_PER_CUSTOMER + " records per customer");
        out.printf("%-10s %-9s %-9s %9s %7s  %s%n", "customer", "provider", "outcome", "processed", "failed",
                "errors by category");
        runs.forEach((account, r) -> out.printf("%-10s %-9s %-9s %9d %7d  %s%n", account.customerId(),
                account.provider(), r.outcome().wireName(), r.processed(), r.failed(),
                r.errorsByCategory().isEmpty() ? "-" : r.errorsByCategory().entrySet().stream()
                        .map(e -> e.getKey().wireName() + "=" + e.getValue()).collect(Collectors.joining(", "))));
        out.println();
        out.println("Health (as on the dashboard):");
        for (HealthRow r : rows) {
            out.printf("  %-6s %-10s %-4s %s%s%n", r.status(), r.customer(), r.provider(), r.reason(),
                    r.since().map(s -> " (since " + s + ")").orElse(""));
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

    private static void waitForEnterOr(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (System.in.available() > 0) {
                    return;
                }
                Thread.sleep(200);
            }
        } catch (IOException | InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
