package dev.outbound.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbound.config.ConfigAccountDirectory;
import dev.outbound.config.ConfigLoader;
import dev.outbound.config.ConfigProblem;
import dev.outbound.config.ErrorPreference;
import dev.outbound.config.FileConfigStore;
import dev.outbound.config.IntegrationConfig;
import dev.outbound.config.LoadedConfig;
import dev.outbound.config.RecordOutcome;
import dev.outbound.config.RecordProcessor;
import dev.outbound.config.RefreshReport;
import dev.outbound.config.Schedule;
import dev.outbound.config.mapping.FixedRateTable;
import dev.outbound.config.mapping.TransformRegistry;
import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
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
import dev.outbound.gateway.sync.FailurePolicy;
import dev.outbound.gateway.sync.SyncResult;
import dev.outbound.gateway.sync.SyncRun;
import dev.outbound.gateway.sync.SyncRuns;
import dev.outbound.testkit.FakeClock;
import dev.outbound.testkit.RecordedRequest;
import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import dev.outbound.testkit.SimulatedResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
    /** Class-path directory of the customers' configuration documents. */
    static final String CONFIG_RESOURCE = "demo-config";
    /** The CRM's default API version; a document's {@code apiVersion} overrides it for that customer. */
    static final String CRM_VERSION = "v58.0";
    /** The CRM contact whose two mappings the summary shows side by side. */
    static final int SHOWN_RECORD = 3;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9.]+)}");

    /** A simulated provider as the demo's source system: where it listens and the field that holds a record's id. */
    record Source(SimulatedProvider simulator, String idField, IntFunction<ObjectNode> recordAt) {
    }

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
    record Result(List<LoadedConfig> configs, Map<AccountKey, SyncResult> lastRuns, List<HealthRow> rows, List<AlertEvent> alerts, SimpleMeterRegistry meters,
                  Map<String, List<RecordedRequest>> received) {
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
            Map<String, Source> sources = Map.of("crm", new Source(crm, "Id", SyncDemo::crmContact),
                    "erp", new Source(erp, "id", SyncDemo::erpInvoice));
            // The simulators' ports are picked at start, so a document cannot hold its customer's real base URL: it
            // says "${simulator.crm}/tenants/acme", and the demo fills the placeholder in while copying the shipped
            // documents to a temporary directory, as a deployment's templating fills in its hosts. The store then
            // reads ordinary, complete documents from a real directory, and the library needs no placeholder feature.
            configDir = Files.createTempDirectory("outbound-demo-config");
            copyConfig(configDir, Map.of("simulator.crm", crm.baseUrl(), "simulator.erp", erp.baseUrl()));
            try (FileConfigStore store = loadConfig(configDir, clock)) {
                List<LoadedConfig> configs = store.all().stream()
                        .sorted(Comparator.comparing((LoadedConfig c) -> c.config().provider())
                                .thenComparing(c -> c.key().customerId()))
                        .toList();
                Map<AccountKey, String> paths = new HashMap<>();
                for (LoadedConfig c : configs) {
                    Source source = sources.get(c.config().provider());
                    if (source == null) {
                        throw new IllegalStateException(c.source() + " names provider '" + c.config().provider()
                                + "': the demo simulates " + sources.keySet());
                    }
                    String path = sourcePath(c.config());
                    paths.put(c.config().accountKey(), path);
                    script(source, path);
                }
                injectFaults(sources, paths);
                InMemoryCredentialStore credentials = new InMemoryCredentialStore(clock);
                Map<String, Credential> vault = demoSecrets();
                for (LoadedConfig c : configs) {
                    credentials.put(c.config().accountKey(), credential(vault, c));
                }
                ProviderPolicy demoPolicy = ProviderPolicy.builder()
                        .backoff(Duration.ofMillis(20), Duration.ofMillis(500))
                        .circuitBreaker(50f, 10, 20, Duration.ofSeconds(30), 3)
                        .build();
                IntegrationGateway.Builder builder = IntegrationGateway.builder()
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
                        .authEventListener(monitor);
                out.println();
                out.println("Outbound demo — dashboard at " + dashboard.url());
                printConfigs(out, configs, configDir);
                Map<AccountKey, SyncResult> lastRuns = new LinkedHashMap<>();
                Map<AccountKey, Instant> due = new HashMap<>();
                configs.forEach(c -> due.put(c.config().accountKey(), firstDue(c.config().schedule(), START)));
                try (IntegrationGateway gateway = builder.build()) {
                    monitor.watch(gateway);
                    Instant tick = clock.instant();
                    for (int round = 1; round <= ROUNDS; round++) {
                        Instant now = tick;
                        List<LoadedConfig> dueNow = configs.stream()
                                .filter(c -> !due.get(c.config().accountKey()).isAfter(now)).toList();
                        out.printf("round %d at %s: %d of %d integrations due%n", round, tick, dueNow.size(),
                                configs.size());
                        for (LoadedConfig c : dueNow) {
                            AccountKey key = c.config().accountKey();
                            lastRuns.put(key, sync(syncs, gateway.client(key.provider(), key.customerId()), c,
                                    sources.get(key.provider()).idField(), clock));
                            due.put(key, nextDue(c.config().schedule(), tick));
                        }
                        Instant next = tick.plus(SYNC_EVERY);
                        evaluateEveryMinuteUntil(clock, monitor, round == ROUNDS ? clock.instant().plus(QUIET_AFTER)
                                : next);
                        tick = next;
                    }
                    List<HealthRow> rows = monitor.view().rows();
                    Map<String, List<RecordedRequest>> received = Map.of("crm", crm.requests(), "erp", erp.requests());
                    printRuns(out, lastRuns);
                    printMapping(out, configs, configDir, received.get("crm"), paths);
                    printHealth(out, rows, alertLog, Duration.ofNanos(System.nanoTime() - started));
                    whileServing.accept(dashboard.url());
                    return new Result(configs, Map.copyOf(lastRuns), rows, List.copyOf(alertLog),
                            meters, received);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(configDir);
        }
    }

    // ---- configuration --------------------------------------------------------------------------------------------

    /**
     * Copies the shipped documents to {@code target}, filling in each {@code ${name}} from {@code placeholders}.
     *
     * @throws IllegalStateException if a document names a placeholder that is not given
     */
    static void copyConfig(Path target, Map<String, String> placeholders) throws IOException {
        URI uri;
        try {
            uri = Objects.requireNonNull(SyncDemo.class.getResource("/" + CONFIG_RESOURCE),
                    CONFIG_RESOURCE + " is missing from the class path").toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (uri.getScheme().equals("jar")) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                copyTree(jar.provider().getPath(uri), target, placeholders);
            }
        } else {
            copyTree(Path.of(uri), target, placeholders);
        }
    }

    private static void copyTree(Path from, Path to, Map<String, String> placeholders) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            String relative = from.relativize(file).toString();
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher m = PLACEHOLDER.matcher(text);
            StringBuilder filled = new StringBuilder();
            while (m.find()) {
                String value = placeholders.get(m.group(1));
                if (value == null) {
                    throw new IllegalStateException(CONFIG_RESOURCE + "/" + relative + " uses ${" + m.group(1)
                            + "}: the demo fills in only " + placeholders.keySet());
                }
                m.appendReplacement(filled, Matcher.quoteReplacement(value));
            }
            m.appendTail(filled);
            Path copy = to.resolve(relative);
            Files.createDirectories(copy.getParent());
            Files.writeString(copy, filled, StandardCharsets.UTF_8);
        }
    }

    /**
     * A store over {@code dir}, refreshed once. The demo refuses to start with a rejected document: a customer would
     * silently not sync.
     */
    static FileConfigStore loadConfig(Path dir, Clock clock) {
        FileConfigStore store = FileConfigStore.builder().directory(dir).loader(configLoader(clock)).build();
        RefreshReport report = store.refresh();
        if (!report.rejected().isEmpty()) {
            store.close();
            throw new IllegalStateException("demo configuration rejected: " + report.rejected().stream()
                    .map(ConfigProblem::toString).collect(Collectors.joining("; ")));
        }
        return store;
    }

    /** The loader the demo's documents are read with: built-in transforms and the demo's currency rates. */
    static ConfigLoader configLoader(Clock clock) {
        TransformRegistry transforms = TransformRegistry.builder()
                .rateTable(FixedRateTable.builder().rate("USD", "EUR", "0.92").build())
                .build();
        return ConfigLoader.builder().transforms(transforms).clock(clock).build();
    }

    /**
     * The demo's stand-in for a vault: secrets by the reference names the documents use. The documents never hold a
     * secret; the credential store gets each account's credential under its reference.
     */
    private static Map<String, Credential> demoSecrets() {
        return Map.of(
                "demo/crm/acme", Credential.OAuth2Token.bearer("crm-token-acme", null),
                "demo/crm/globex", Credential.OAuth2Token.bearer("crm-token-globex", null),
                "demo/crm/initech", Credential.OAuth2Token.bearer("crm-token-initech-revoked", null),
                "demo/erp/acme", Credential.ApiKey.header("X-Api-Key", "erp-key-acme"),
                "demo/erp/umbrella", Credential.ApiKey.header("X-Api-Key", "erp-key-umbrella"),
                "demo/erp/hooli", Credential.ApiKey.header("X-Api-Key", "erp-key-hooli"));
    }

    private static Credential credential(Map<String, Credential> vault, LoadedConfig c) {
        Credential credential = vault.get(c.config().credentialRef());
        if (credential == null) {
            throw new IllegalStateException(c.source() + " references credential '" + c.config().credentialRef()
                    + "', which the demo's secrets do not hold");
        }
        return credential;
    }

    /** The path under the simulator where a customer's records are: its base URL's path, then its API version. */
    static String sourcePath(IntegrationConfig c) {
        String base = c.baseUrl().map(URI::getPath).orElse("");
        return c.provider().equals("crm") ? base + "/" + c.apiVersion().orElse(CRM_VERSION) : base;
    }

    /** Intervals start at once; a cron schedule at its first fire time from {@code start} on. */
    private static Instant firstDue(Schedule schedule, Instant start) {
        return schedule instanceof Schedule.Interval ? start : nextDue(schedule, start.minusSeconds(1));
    }

    /**
     * When a schedule next fires after {@code after}. The demo ticks every {@link #SYNC_EVERY}, so an integration
     * runs on the first tick at or after that. Adaptive intervals run at their starting interval here.
     */
    private static Instant nextDue(Schedule schedule, Instant after) {
        if (schedule instanceof Schedule.Interval interval) {
            return after.plus(interval.every());
        }
        if (schedule instanceof Schedule.Cron cron) {
            return cron.expression().next(after.atZone(cron.zone())).map(ZonedDateTime::toInstant).orElse(Instant.MAX);
        }
        return Instant.MAX; // webhook: pushed by the provider, never polled
    }

    // ---- simulators -----------------------------------------------------------------------------------------------

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

    /** Pages of the provider's records to read under {@code path}, and a write endpoint that accepts each record. */
    static void script(Source source, String path) {
        for (int p = 0; p < RECORDS_PER_CUSTOMER / PAGE_SIZE; p++) {
            source.simulator().on("GET", path + "/records?page=" + p).respond(page(source, p));
        }
        source.simulator().onPathMatching("PUT", Pattern.quote(path) + "/records/[0-9]+")
                .respond(Responses.json(200, "{\"ok\":true}"));
    }

    private static SimulatedResponse page(Source source, int page) {
        // As Salesforce's totalSize: every page says how many records the query has, so a run knows what it misses.
        ObjectNode body = JSON.createObjectNode().put("totalSize", RECORDS_PER_CUSTOMER);
        for (int i = 0; i < PAGE_SIZE; i++) {
            body.withArray("records").add(source.recordAt().apply(page * PAGE_SIZE + i + 1));
        }
        return Responses.json(200, body.toString());
    }

    private static final String[] FIRST = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "John",
            "Margaret", "Ken"};
    private static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen",
            "Backus", "Hamilton", "Thompson"};
    private static final DateTimeFormatter CRM_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxx")
            .withZone(ZoneOffset.UTC);

    /**
     * Contact {@code n} as the CRM has it, the same for every tenant: e-mails as people typed them, a tier code, revenue
     * in USD, a country on most, and every 25th contact deleted.
     */
    static ObjectNode crmContact(int n) {
        String first = FIRST[(n - 1) % FIRST.length];
        String last = LAST[(n - 1) % LAST.length];
        ObjectNode c = JSON.createObjectNode()
                .put("Id", n)
                .put("FirstName", first)
                .put("LastName", last)
                .put("Email", n % 2 == 1 ? " " + first + "." + last + "@Example.com "
                        : (first + "." + last + "@example.com").toLowerCase(Locale.ROOT))
                .put("Tier", new String[]{"G", "S", "B"}[n % 3])
                .put("AnnualRevenue", n * 12_345L)
                .put("IsDeleted", n % 25 == 0)
                .put("LastModifiedDate", CRM_TIME.format(START.minus(SOURCE_LAG).minus(Duration.ofMinutes(n))));
        if (n % 4 != 3) {
            c.putObject("MailingAddress").put("country", new String[]{"GB", "DE", "FR"}[n % 3]);
        }
        return c;
    }

    /** Invoice {@code n} as the ERP has it, the same for every tenant; three have no cost center. */
    static ObjectNode erpInvoice(int n) {
        ObjectNode invoice = JSON.createObjectNode()
                .put("id", n)
                .put("number", String.format("INV-2026-%04d", n))
                .put("amount", String.format(Locale.ROOT, "%d.%02d", 100 + n * 7, n % 100))
                .put("currency", "USD")
                .put("issuedOn", "2026-03-01")
                .put("weightLb", 1.5 + n % 7);
        if (n != 13 && n != 42 && n != 99) {
            invoice.put("costCenter", "CC-" + (100 + n % 5));
        }
        return invoice;
    }

    private static void injectFaults(Map<String, Source> sources, Map<AccountKey, String> paths) {
        SimulatedProvider crm = sources.get("crm").simulator();
        SimulatedProvider erp = sources.get("erp").simulator();
        String globex = path(paths, "crm", "globex");
        // crm/globex: a 5xx burst on one page, retried through (a blip: no alert).
        crm.on("GET", globex + "/records?page=2").respond(Responses.status(503), Responses.status(502),
                page(sources.get("crm"), 2));
        // crm/globex: one record the provider keeps failing on.
        crm.on("PUT", globex + "/records/17").respond(Responses.json(500,
                "{\"errorCode\":\"UNKNOWN_EXCEPTION\",\"message\":\"An unexpected error occurred\"}"));
        // crm/initech: the customer's admin revoked the connected app.
        crm.onPathMatching("ANY", Pattern.quote(path(paths, "crm", "initech")) + "/.*").respond(Responses.json(401,
                "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]"));
        // erp/umbrella: rate limited twice, with Retry-After (a single 429 episode: no alert).
        erp.on("GET", path(paths, "erp", "umbrella") + "/records?page=1").respond(
                Responses.tooManyRequests(Duration.ofSeconds(1)), Responses.tooManyRequests(Duration.ofSeconds(1)),
                page(sources.get("erp"), 1));
        // erp/acme: the three invoices without a cost center, which the ERP rejects (record-level: no alert).
        erp.onPathMatching("PUT", Pattern.quote(path(paths, "erp", "acme")) + "/records/(13|42|99)").respond(
                Responses.json(400, "{\"error\":{\"code\":\"INVALID_FIELD\",\"message\":\"cost center is required\"}}"));
        // erp/hooli: an outage on writes long enough to open the account's circuit, every round.
        erp.onPathMatching("PUT", Pattern.quote(path(paths, "erp", "hooli")) + "/records/(1[0-9][0-9])")
                .respond(Responses.status(503));
    }

    private static String path(Map<AccountKey, String> paths, String provider, String customer) {
        String path = paths.get(AccountKey.of(provider, customer));
        if (path == null) {
            throw new IllegalStateException("the demo's faults are scripted for " + customer + "/" + provider
                    + ", which " + CONFIG_RESOURCE + " does not configure");
        }
        return path;
    }

    // ---- the sync -------------------------------------------------------------------------------------------------

    /**
     * One sync: read each page; for each record, apply the integration's filter and mappings and write the result.
     * The first page says how many records there are, so a run that stops early counts the ones it never tried. A
     * page that cannot be read aborts the run (the source is out of reach, and the records behind it are not known).
     * A record that cannot be mapped or written is kept; whether the run goes on is the document's error preference.
     * ({@code RecordProcessor.process} does filter and mappings for a batch; a sync that writes record by record
     * uses {@code processRecord} so that mapping and write failures share the run's one failure policy.)
     */
    static SyncResult sync(SyncRuns syncs, IntegrationClient client, LoadedConfig config, String idField,
                           Clock clock) {
        FailurePolicy policy = config.config().onError() == ErrorPreference.HALT
                ? FailurePolicy.HALT_ON_FIRST_FAILURE : FailurePolicy.SKIP_FAILED_RECORDS;
        SyncRun run = syncs.start(client.account(), SYNC, policy);
        // Every call of the run counts towards its integration's health row, not the account's calls outside syncs.
        IntegrationClient forRun = client.integration(run.name());
        try (run) {
            for (int page = 0; page < RECORDS_PER_CUSTOMER / PAGE_SIZE && !run.stopped(); page++) {
                JsonNode body;
                try {
                    body = forRun.get("records").query("page", page).operation("read-records")
                            .priority(Priority.BACKGROUND).execute(JsonNode.class);
                } catch (IntegrationException e) {
                    run.abort(e.envelope());
                    break;
                }
                if (body.path("totalSize").canConvertToLong()) {
                    run.expect(body.path("totalSize").longValue());
                }
                for (JsonNode record : body.path("records")) {
                    String id = record.path(idField).asText();
                    RecordOutcome outcome = RecordProcessor.processRecord(config, record);
                    if (outcome instanceof RecordOutcome.FilteredOut) {
                        run.skipped();
                        continue;
                    }
                    if (outcome instanceof RecordOutcome.Failed failed) {
                        if (!run.failed(id, mappingFailure(client.account(), failed.reason(), clock.instant()))) {
                            break;
                        }
                        continue;
                    }
                    try {
                        forRun.put("records/{id}", id).operation("write-record")
                                .body(((RecordOutcome.Mapped) outcome).record()).execute();
                        // The simulated source says every record changed two minutes before the run started.
                        run.succeeded(run.startedAt().minus(SOURCE_LAG));
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

    /** A record the filter or mappings could not handle: invalid data, not a provider error. */
    private static ErrorEnvelope mappingFailure(AccountKey account, String reason, Instant at) {
        // The reason names the mapping and transform; record values only as a transform's own message had them,
        // redacted, escaped and bounded.
        return ErrorEnvelope.builder(ErrorCategory.VALIDATION_ERROR)
                .provider(account.provider())
                .customer(account.customerId())
                .operation("map-record")
                .reason(Reasons.MAPPING_FAILED)
                .message(reason)
                .timestamp(at)
                .build();
    }

    // ---- the summary ----------------------------------------------------------------------------------------------

    private static void printConfigs(PrintStream out, List<LoadedConfig> configs, Path dir) {
        long yaml = configs.stream().filter(c -> !c.source().endsWith(".json")).count();
        out.printf("Configuration: %d integrations from %s (%d JSON, %d YAML), validated against the published "
                + "schema%n", configs.size(), CONFIG_RESOURCE, configs.size() - yaml, yaml);
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

    private static void printRuns(PrintStream out, Map<AccountKey, SyncResult> runs) {
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

    private static void printHealth(PrintStream out, List<HealthRow> rows, List<AlertEvent> alerts, Duration took) {
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
    private static void printMapping(PrintStream out, List<LoadedConfig> configs, Path dir,
                                     List<RecordedRequest> crmReceived, Map<AccountKey, String> paths) {
        List<String> heads = new ArrayList<>(List.of("source: crm contact " + SHOWN_RECORD));
        List<List<String>> columns = new ArrayList<>(List.of(flatten(crmContact(SHOWN_RECORD))));
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

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp directory left behind is harmless; the demo's result is not.
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
