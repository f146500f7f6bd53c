package dev.outbound.examples;

import dev.outbound.config.ConfigAccountDirectory;
import dev.outbound.config.FileConfigStore;
import dev.outbound.config.LoadedConfig;
import dev.outbound.examples.DemoSources.Source;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.gateway.alerts.AlertEvent;
import dev.outbound.gateway.alerts.LoggingAlertSink;
import dev.outbound.gateway.health.HealthMonitor;
import dev.outbound.gateway.health.HealthRow;
import dev.outbound.gateway.health.HealthThresholds;
import dev.outbound.gateway.sync.SyncResult;
import dev.outbound.gateway.sync.SyncRuns;
import dev.outbound.testkit.FakeClock;
import dev.outbound.testkit.RecordedRequest;
import dev.outbound.testkit.SimulatedProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The demo: a SaaS sync job that syncs the records of six customers from two simulated providers — a CRM with bearer
 * tokens and an ERP with API keys — every 15 minutes, while the simulators inject faults: a 5xx burst and one record
 * the CRM keeps failing on (globex), a revoked connected app (initech), records the ERP rejects (acme on erp), 429s
 * with Retry-After (umbrella), and a write outage that opens hooli's circuit. Health is evaluated every minute; the
 * dashboard is served on 127.0.0.1 while the demo runs; alerts go to the log.
 *
 * <p>The customers are configuration, not code: one document per customer and integration in
 * {@code src/main/resources/demo-config} (JSON and YAML) gives the provider, base URL, pinned API version, credential
 * reference, schedule, filter, field mappings and error preference. The demo loads them through a
 * {@link FileConfigStore}, takes the gateway's account settings from a {@link ConfigAccountDirectory}, and writes
 * each record as that customer's filter and mappings make it — crm/acme and crm/globex read the same source records
 * and write different ones.
 *
 * <p>Time is a {@link FakeClock}: the gateway's backoffs, Retry-After waits and circuit-breaker timers, the sync runs,
 * health and alerts all read it, and the demo moves it — three sync rounds 15 minutes apart and ten quiet minutes
 * after — so that 40 simulated minutes, enough for "sustained" conditions to be sustained, pass in seconds. HTTP to
 * the simulators is real. Needs no services.
 *
 * <p>Where to read on: {@link DemoConfig} (the documents and secrets), {@link DemoSources} (what the simulators
 * serve), the {@link FaultScenario}s (one class per thing going wrong), {@link RecordSync} (the sync job itself),
 * {@link DemoSchedule} (when each integration is due) and {@link DemoSummary} (what is printed).
 */
public final class SyncDemo {
    static final int RECORDS_PER_CUSTOMER = 300;
    static final int PAGE_SIZE = 50;
    static final int ROUNDS = 3;
    static final Duration SYNC_EVERY = Duration.ofMinutes(15);
    static final Duration QUIET_AFTER = Duration.ofMinutes(10);
    static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
    static final Duration SOURCE_LAG = Duration.ofMinutes(2);
    /** The CRM's default API version; a document's {@code apiVersion} overrides it for that customer. */
    static final String CRM_VERSION = "v58.0";
    /** The CRM contact whose two mappings the summary shows side by side. */
    static final int SHOWN_RECORD = 3;

    /**
     * What the demo left behind, for its test.
     *
     * @param configs the configurations the demo ran with
     * @param lastRuns each integration's run of the last round (records its filter left out count as skipped)
     * @param rows the dashboard's rows at the end
     * @param alerts every alert event raised, in order
     * @param meters the gateway's meters
     * @param received per provider, every request its simulator received, oldest first
     */
    record Result(List<LoadedConfig> configs, Map<AccountKey, SyncResult> lastRuns, List<HealthRow> rows,
                  List<AlertEvent> alerts, SimpleMeterRegistry meters, Map<String, List<RecordedRequest>> received) {
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
        if (result.lastRuns().values().stream().noneMatch(r -> r.succeeded() > 0)) {
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
        Path configDir = null;
        try (SimulatedProvider crm = SimulatedProvider.start(); SimulatedProvider erp = SimulatedProvider.start();
             HealthDashboard dashboard = startDashboard(port, monitor, alertLog, clock)) {
            Map<String, Source> sources = Map.of("crm", new Source(crm, "Id", DemoSources::crmContact),
                    "erp", new Source(erp, "id", DemoSources::erpInvoice));
            // The simulators' ports are picked at start, so a document cannot hold its customer's real base URL: it
            // says "${simulator.crm}/tenants/acme", and the demo fills the placeholder in while copying the shipped
            // documents to a temporary directory, as a deployment's templating fills in its hosts. The store then
            // reads ordinary, complete documents from a real directory, and the library needs no placeholder feature.
            configDir = Files.createTempDirectory("outbound-demo-config");
            DemoConfig.copyConfig(configDir, Map.of("simulator.crm", crm.baseUrl(), "simulator.erp", erp.baseUrl()));
            try (FileConfigStore store = DemoConfig.loadConfig(configDir, clock)) {
                List<LoadedConfig> configs = store.all().stream()
                        .sorted(Comparator.comparing((LoadedConfig c) -> c.config().provider())
                                .thenComparing(c -> c.key().customerId()))
                        .toList();
                Map<AccountKey, String> paths = scriptSources(configs, sources);
                FaultScenario.injectAll(sources, paths);
                out.println();
                out.println("Outbound demo — dashboard at " + dashboard.url());
                DemoSummary.printConfigs(out, configs, configDir);
                try (IntegrationGateway gateway = gateway(crm, erp, store, configs, clock, meters, monitor)) {
                    monitor.watch(gateway);
                    Map<AccountKey, SyncResult> lastRuns = syncRounds(out, gateway, syncs, configs, sources, clock,
                            monitor);
                    List<HealthRow> rows = monitor.view().rows();
                    Map<String, List<RecordedRequest>> received = Map.of("crm", crm.requests(), "erp", erp.requests());
                    DemoSummary.printRuns(out, lastRuns);
                    DemoSummary.printMapping(out, configs, configDir, received.get("crm"), paths);
                    DemoSummary.printHealth(out, rows, alertLog, Duration.ofNanos(System.nanoTime() - started));
                    whileServing.accept(dashboard.url());
                    return new Result(configs, Map.copyOf(lastRuns), rows, List.copyOf(alertLog), meters, received);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            DemoConfig.deleteQuietly(configDir);
        }
    }

    /** Scripts each configured customer's records on its provider's simulator; returns where they are. */
    private static Map<AccountKey, String> scriptSources(List<LoadedConfig> configs, Map<String, Source> sources) {
        Map<AccountKey, String> paths = new HashMap<>();
        for (LoadedConfig c : configs) {
            Source source = sources.get(c.config().provider());
            if (source == null) {
                throw new IllegalStateException(c.source() + " names provider '" + c.config().provider()
                        + "': the demo simulates " + sources.keySet());
            }
            String path = DemoConfig.sourcePath(c.config());
            paths.put(c.config().accountKey(), path);
            DemoSources.script(source, path);
        }
        return paths;
    }

    /** The gateway a SaaS backend would build: two providers, accounts from the documents, credentials by reference. */
    private static IntegrationGateway gateway(SimulatedProvider crm, SimulatedProvider erp, FileConfigStore store,
                                              List<LoadedConfig> configs, FakeClock clock, SimpleMeterRegistry meters,
                                              HealthMonitor monitor) {
        InMemoryCredentialStore credentials = new InMemoryCredentialStore(clock);
        for (LoadedConfig c : configs) {
            credentials.put(c.config().accountKey(), DemoConfig.credential(c));
        }
        ProviderPolicy demoPolicy = ProviderPolicy.builder()
                .backoff(Duration.ofMillis(20), Duration.ofMillis(500))
                .circuitBreaker(50f, 10, 20, Duration.ofSeconds(30), 3)
                .build();
        return IntegrationGateway.builder()
                .provider(GenericRestAdapter.builder("crm").baseUrl(crm.baseUrl())
                        .apiVersion(CRM_VERSION, GenericRestAdapter.VersionPlacement.PATH).policy(demoPolicy)
                        .build())
                .provider(GenericRestAdapter.builder("erp").baseUrl(erp.baseUrl()).policy(demoPolicy).build())
                // Each account's base URL and pinned version come from its document, as an operator set them.
                .accountDirectory(new ConfigAccountDirectory(store))
                .credentialStore(credentials)
                .clock(clock)
                .meterRegistry(meters)
                .callListener(monitor)
                .authEventListener(monitor)
                .build();
    }

    /**
     * {@link #ROUNDS} ticks {@link #SYNC_EVERY} apart: each runs the integrations that are due, then the health monitor
     * evaluates every minute until the next tick (and for {@link #QUIET_AFTER} after the last). Returns each
     * integration's last run.
     */
    private static Map<AccountKey, SyncResult> syncRounds(PrintStream out, IntegrationGateway gateway, SyncRuns syncs,
                                                          List<LoadedConfig> configs, Map<String, Source> sources,
                                                          FakeClock clock, HealthMonitor monitor) {
        Map<AccountKey, SyncResult> lastRuns = new LinkedHashMap<>();
        Map<AccountKey, Instant> due = new HashMap<>();
        configs.forEach(c -> due.put(c.config().accountKey(), DemoSchedule.firstDue(c.config().schedule(), START)));
        Instant tick = clock.instant();
        for (int round = 1; round <= ROUNDS; round++) {
            Instant now = tick;
            List<LoadedConfig> dueNow = configs.stream()
                    .filter(c -> !due.get(c.config().accountKey()).isAfter(now)).toList();
            out.printf("round %d at %s: %d of %d integrations due%n", round, tick, dueNow.size(), configs.size());
            for (LoadedConfig c : dueNow) {
                AccountKey key = c.config().accountKey();
                lastRuns.put(key, RecordSync.sync(syncs, gateway.client(key.provider(), key.customerId()), c,
                        sources.get(key.provider()).idField(), clock));
                due.put(key, DemoSchedule.nextDue(c.config().schedule(), tick));
            }
            Instant next = tick.plus(SYNC_EVERY);
            DemoSchedule.evaluateEveryMinuteUntil(clock, monitor,
                    round == ROUNDS ? clock.instant().plus(QUIET_AFTER) : next);
            tick = next;
        }
        return lastRuns;
    }

    private static HealthDashboard startDashboard(int port, HealthMonitor monitor, List<AlertEvent> alerts,
                                                  FakeClock clock) throws IOException {
        try {
            return HealthDashboard.start(port, () -> monitor.view().rows(), () -> List.copyOf(alerts), clock);
        } catch (BindException e) {
            return HealthDashboard.start(0, () -> monitor.view().rows(), () -> List.copyOf(alerts), clock);
        }
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
