package dev.outbound.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.OutboundMetrics;
import dev.outbound.gateway.alerts.AlertEvent;
import dev.outbound.gateway.alerts.AlertRules;
import dev.outbound.gateway.health.CredentialState;
import dev.outbound.gateway.health.HealthRow;
import dev.outbound.gateway.health.HealthStatus;
import dev.outbound.gateway.sync.FailedRecord;
import dev.outbound.gateway.sync.SyncOutcome;
import dev.outbound.gateway.sync.SyncResult;
import dev.outbound.testkit.RecordedRequest;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The demo's injected faults end up exactly where they belong: in each customer's sync result, in the dashboard's
 * colours and reasons (checked in headless Chromium, as a person would see them), in the logs, and in an alert log
 * that holds exactly the alerts those faults should raise, each once. The demo runs once for all tests.
 */
class SyncDemoTest {
    static final int RED = 0xd93025;
    static final int YELLOW = 0xf9ab00;
    static final int GREEN = 0x188038;

    @TempDir
    static Path work;
    static SyncDemo.Result result;
    static String printed;
    static List<String> logLines;
    static final Map<String, String> served = new HashMap<>();
    static final Map<String, String> browserDom = new HashMap<>();
    static final Map<String, BufferedImage> browserShots = new HashMap<>();
    static Optional<HeadlessChromium> chromium;

    @BeforeAll
    static void runDemo() {
        chromium = HeadlessChromium.find(work);
        Logger outbound = (Logger) LoggerFactory.getLogger("dev.outbound");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        outbound.addAppender(appender);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            result = SyncDemo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), 0, SyncDemoTest::visit);
        } finally {
            outbound.detachAppender(appender);
        }
        printed = bytes.toString(StandardCharsets.UTF_8);
        // As the demo's log file writes them: level, customer/provider from the MDC, logger, message.
        logLines = appender.list.stream().map(e -> e.getLevel() + " " + e.getMDCPropertyMap().getOrDefault("customer",
                "") + "/" + e.getMDCPropertyMap().getOrDefault("provider", "") + " " + e.getLoggerName() + " - "
                + e.getFormattedMessage()).toList();
    }

    /** While the demo still serves its dashboard: what a browser and an API client get. */
    private static void visit(URI dashboard) {
        try {
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("", "api/health", "api/alerts")) {
                served.put(path, http.send(HttpRequest.newBuilder(dashboard.resolve(path)).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
            }
            if (chromium.isPresent()) {
                HeadlessChromium browser = chromium.get();
                browserDom.put("all", browser.dumpDom(dashboard));
                browserDom.put("initech", browser.dumpDom(dashboard.resolve("?customer=initech")));
                browserDom.put("by-customer", browser.dumpDom(dashboard.resolve("?sort=customer")));
                browserShots.put("all", ImageIO.read(browser.screenshot(dashboard, 1600, 1000).toFile()));
                browserShots.put("hooli", ImageIO.read(browser.screenshot(dashboard.resolve("?customer=hooli"), 1600,
                        1000).toFile()));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static SyncResult run(String provider, String customer) {
        return result.lastRuns().get(AccountKey.of(provider, customer));
    }

    private static HealthRow row(String provider, String customer) {
        return result.rows().stream().filter(r -> r.account().equals(AccountKey.of(provider, customer)))
                .findFirst().orElseThrow();
    }

    @Test
    void eachInjectedFaultShowsUpInTheRightCustomersSyncRun() {
        assertThat(run("crm", "acme").outcome()).isEqualTo(SyncOutcome.SUCCEEDED);
        // crm/acme's filter leaves out the 12 deleted contacts (every 25th) of the 300 it reads.
        assertThat(run("crm", "acme").succeeded()).isEqualTo(288);
        assertThat(run("crm", "acme").skipped()).isEqualTo(12);

        SyncResult burst = run("crm", "globex");
        assertThat(burst.outcome()).isEqualTo(SyncOutcome.PARTIAL);
        assertThat(burst.succeeded()).isEqualTo(299);
        assertThat(burst.failures()).extracting(FailedRecord::recordId).containsExactly("17");
        assertThat(burst.errorsByCategory()).containsOnly(Map.entry(ErrorCategory.SERVER_ERROR, 1L));

        SyncResult revoked = run("crm", "initech");
        assertThat(revoked.outcome()).isEqualTo(SyncOutcome.FAILED);
        assertThat(revoked.succeeded()).isZero();
        assertThat(revoked.stopCause()).hasValueSatisfying(e -> {
            assertThat(e.category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
            assertThat(e.summary()).contains("INVALID_SESSION_ID Session expired or invalid [HTTP 401, attempt 2 of 3]");
        });

        SyncResult rejected = run("erp", "acme");
        assertThat(rejected.outcome()).isEqualTo(SyncOutcome.PARTIAL);
        assertThat(rejected.succeeded()).isEqualTo(297);
        assertThat(rejected.failures()).extracting(FailedRecord::recordId).containsExactly("13", "42", "99");
        assertThat(rejected.errorsByCategory()).containsOnly(Map.entry(ErrorCategory.VALIDATION_ERROR, 3L));

        assertThat(run("erp", "umbrella").outcome()).isEqualTo(SyncOutcome.SUCCEEDED);
        assertThat(result.meters().find(OutboundMetrics.RETRIES).tag(OutboundMetrics.TAG_CUSTOMER, "umbrella")
                .tag(OutboundMetrics.TAG_CATEGORY, "rate_limited").counter().count()).isEqualTo(2.0);

        SyncResult outage = run("erp", "hooli");
        assertThat(outage.outcome()).isEqualTo(SyncOutcome.FAILED);
        assertThat(outage.succeeded()).isEqualTo(99);
        // Regression: the run said 99 processed and 51 failed, and nothing of the 150 records it never tried.
        assertThat(outage.failed()).isEqualTo(51);
        assertThat(outage.notAttempted()).isEqualTo(150);
        assertThat(outage.summary()).startsWith("failed: 99 succeeded, 51 failed, 150 not attempted of 300");
        assertThat(outage.errorsByCategory()).containsOnlyKeys(ErrorCategory.SERVER_ERROR);
        assertThat(outage.stopCause()).hasValueSatisfying(e -> assertThat(e.reason()).isEqualTo(Reasons.CIRCUIT_OPEN));
        assertThat(outage.failures()).first().satisfies(f -> {
            assertThat(f.recordId()).isEqualTo("100");
            assertThat(f.envelope().summary()).startsWith("server_error on hooli/erp (write-record)");
        });
        // Nothing dropped unreported: kept + counted-only failures add up, and so does every record of the source,
        // except where the run stopped before the source said how many there were.
        for (SyncResult r : result.lastRuns().values()) {
            assertThat(r.failures().size() + r.failuresNotKept()).isEqualTo(r.failed());
            if (r.totalKnown()) {
                assertThat(r.total()).isEqualTo(SyncDemo.RECORDS_PER_CUSTOMER);
            }
        }
        assertThat(revoked.totalKnown()).isFalse();
    }

    @Test
    void theDashboardRowsShowEachFaultInTheRightColourWithTheRightReason() {
        Map<String, HealthStatus> colours = result.rows().stream().collect(Collectors.toMap(
                r -> r.customer() + "/" + r.provider(), HealthRow::status));
        assertThat(colours).containsExactlyInAnyOrderEntriesOf(Map.of(
                "acme/crm", HealthStatus.GREEN,
                "globex/crm", HealthStatus.YELLOW,
                "initech/crm", HealthStatus.RED,
                "acme/erp", HealthStatus.YELLOW,
                "umbrella/erp", HealthStatus.GREEN,
                "hooli/erp", HealthStatus.RED));

        assertThat(row("crm", "globex").reason()).isEqualTo("last sync partial: 299 succeeded, 1 failed of 300 (server_error=1)");
        assertThat(row("crm", "initech").reason())
                .startsWith("needs re-authorization: auth_failure persists after refresh (token_expired");
        assertThat(row("crm", "initech").credentialState()).isEqualTo(CredentialState.NEEDS_REAUTHORIZATION);
        assertThat(row("crm", "initech").since()).hasValueSatisfying(
                since -> assertThat(since).isBetween(SyncDemo.START, SyncDemo.START.plusSeconds(60)));
        assertThat(row("erp", "acme").reason()).contains("297 succeeded, 3 failed of 300 (validation_error=3)");
        assertThat(row("erp", "hooli").reason()).startsWith("success rate ").contains("mostly server_error");
        assertThat(row("erp", "hooli").reasons()).anyMatch(r -> r.startsWith("circuit open"));
        assertThat(row("erp", "hooli").reasons()).anyMatch(r -> r.contains("150 not attempted of 300"));
        assertThat(row("erp", "hooli").circuitState()).isEqualTo("open");
        assertThat(row("erp", "umbrella").reason()).isEqualTo("last sync succeeded");
        assertThat(row("erp", "acme").recordsToday()).isEqualTo(3 * 297);
        assertThat(row("erp", "acme").errorsToday()).containsOnly(Map.entry("validation_error", 9L));
    }

    @Test
    void theAlertLogHoldsExactlyTheAlertsTheFaultsShouldRaiseEachOnce() {
        Function<AlertEvent, String> describe = a -> a.type() + " " + a.rule() + " " + a.account();
        assertThat(result.alerts()).map(describe).containsExactly(
                "FIRING " + AlertRules.AUTH_AFTER_REFRESH + " initech/crm",
                "FIRING " + AlertRules.SUCCESS_RATE_LOW + " hooli/erp");
        AlertEvent outage = result.alerts().get(1);
        // Fired on the second round, once the outage had outlasted a 5-minute blip; dated from its first failure.
        assertThat(outage.at()).isAfter(SyncDemo.START.plus(SyncDemo.SYNC_EVERY));
        assertThat(outage.since()).isBefore(SyncDemo.START.plusSeconds(60));
    }

    @Test
    void theCustomersAreTheOnesTheConfigurationDocumentsDescribe() {
        assertThat(result.configs()).map(c -> c.config().accountKey().toString()).containsExactlyInAnyOrder(
                "acme/crm", "globex/crm", "initech/crm", "acme/erp", "hooli/erp", "umbrella/erp");
        assertThat(result.configs()).map(c -> c.source().replace('\\', '/').replaceAll(".*/", ""))
                .contains("globex.yaml", "umbrella.yaml", "acme.json");
        assertThat(result.lastRuns().keySet()).containsExactlyInAnyOrderElementsOf(
                result.configs().stream().map(c -> c.config().accountKey()).toList());
        // Base URLs (and globex's pinned API version) reached the gateway through ConfigAccountDirectory.
        List<RecordedRequest> crm = result.received().get("crm");
        assertThat(crm).filteredOn(r -> r.path().startsWith("/tenants/globex/")).isNotEmpty()
                .allMatch(r -> r.path().startsWith("/tenants/globex/v59.0/records"));
        assertThat(crm).filteredOn(r -> r.path().startsWith("/tenants/acme/")).isNotEmpty()
                .allMatch(r -> r.path().startsWith("/tenants/acme/v58.0/records"));
        // Each account's credential is the one stored under its document's reference.
        assertThat(crm).filteredOn(r -> r.path().startsWith("/tenants/globex/"))
                .allMatch(r -> r.header("Authorization").equals(Optional.of("Bearer crm-token-globex")));
        assertThat(result.received().get("erp")).filteredOn(r -> r.path().startsWith("/tenants/umbrella/"))
                .isNotEmpty().allMatch(r -> r.header("X-Api-Key").equals(Optional.of("erp-key-umbrella")));
    }

    @Test
    void twoCrmCustomersWriteDifferentRecordsFromTheSameSourceRecordsAsTheirMappingsSay() {
        // What the CRM simulator received, not what the demo printed.
        Map<String, List<JsonNode>> acme = writtenBodies("crm", "/tenants/acme/v58.0/records/");
        Map<String, List<JsonNode>> globex = writtenBodies("crm", "/tenants/globex/v59.0/records/");

        // Both read the same contact 3; each wrote it in its own shape, three rounds alike.
        assertThat(acme.get("3")).hasSize(3).containsOnly(json("""
                {"externalId":3,"name":"Alan Turing","email":"alan.turing@example.com","address":{"country":"US"},
                 "tier":"gold","updatedAt":"2026-03-02T07:55:00Z"}"""));
        assertThat(globex.get("3")).hasSize(3).containsOnly(json("""
                {"crm":{"id":3,"surname":"TURING","givenName":"Alan"},
                 "contact":{"emails":[" Alan.Turing@Example.com "]},"status":"active","revenueEur":34072,
                 "changed":"02.03.2026 08:55","origin":"crm"}"""));

        // acme's filter keeps deleted contacts out; globex has no filter and writes them as archived.
        String[] deleted = {"25", "50", "75", "100", "125", "150", "175", "200", "225", "250", "275", "300"};
        assertThat(acme).doesNotContainKeys(deleted).hasSize(288);
        assertThat(globex).containsKeys(deleted).hasSize(300);
        assertThat(globex.get("25")).hasSize(3)
                .allSatisfy(b -> assertThat(b.path("status").asText()).isEqualTo("archived"));

        // Every record each wrote has exactly the fields its mappings produce, and nothing of the other's.
        assertThat(acme.values().stream().flatMap(List::stream)).hasSize(3 * 288).allSatisfy(b ->
                assertThat(fieldNames(b)).containsExactly("externalId", "name", "email", "address", "tier", "updatedAt"));
        assertThat(globex.values().stream().flatMap(List::stream)).allSatisfy(b -> assertThat(fieldNames(b))
                .containsExactly("crm", "contact", "status", "revenueEur", "changed", "origin"));
        // A country the source has is kept; contact 3 had none and got acme's default above.
        assertThat(acme.get("1").get(0).path("address").path("country").asText()).isEqualTo("DE");
    }

    @Test
    void thePrintedSummaryShowsBothCrmMappingsOfOneSourceRecordSideBySide() {
        String section = printed.substring(printed.indexOf("Mapping —"));
        List<String> lines = section.lines().skip(1).toList();
        assertThat(lines.get(0)).contains("source: crm contact 3").contains("written for acme (crm/acme.json)")
                .contains("written for globex (crm/globex.yaml)");
        assertThat(lines).anyMatch(l -> l.matches("\\s+Id = 3\\s+externalId = 3\\s+crm\\.id = 3"));
        assertThat(lines).anyMatch(l -> l.matches("\\s+Tier = \"G\"\\s+tier = \"gold\"\\s+status = \"active\""));
        assertThat(section).contains("email = \"alan.turing@example.com\"")
                .contains("contact.emails[0] = \" Alan.Turing@Example.com \"");
        assertThat(printed).contains("6 integrations from demo-config (4 JSON, 2 YAML)");
    }

    @Test
    void thePrintedSyncTableCountsTheRecordsARunThatStoppedEarlyNeverTried() {
        String table = printed.substring(printed.indexOf("Last sync round"), printed.indexOf("Mapping —"));
        assertThat(table.lines()).anyMatch(l -> l.matches("hooli\\s+erp\\s+failed\\s+99\\s+51\\s+0\\s+150\\s+300\\s+.*"))
                .anyMatch(l -> l.matches("acme\\s+crm\\s+succeeded\\s+288\\s+0\\s+12\\s+0\\s+300\\s+-"))
                .anyMatch(l -> l.matches("initech\\s+crm\\s+failed\\s+0\\s+0\\s+0\\s+\\?\\s+\\?\\s+.*"));
        assertThat(table).contains("hooli/erp: failed: 99 succeeded, 51 failed, 150 not attempted of 300 (server_error=52)");
    }

    @Test
    void thePrintedSummaryShowsHealthAndAlertsAndNoSecret() {
        assertThat(printed).contains("RED    initech    crm  sync-records Crm rejected the login: the customer must "
                        + "reconnect (needs re-authorization")
                .contains("FIRING critical success_rate_low on hooli/erp")
                .doesNotContain("crm-token-").doesNotContain("erp-key-");
    }

    @Test
    void theDashboardInABrowserShowsOneColouredRowPerIntegrationWorstFirstAndFiltersByCustomer() {
        if (chromium.isEmpty()) {
            HeadlessChromium.skipOrFailWhenAbsent();
        }
        // What a person reads, row by row: status badge, customer, provider, integration, what broke and what to do.
        List<String> rows = visibleRows(browserDom.get("all"));
        assertThat(rows).hasSize(6);
        assertThat(rows.subList(0, 2)).allMatch(r -> r.startsWith("RED"));
        assertThat(rows.subList(2, 4)).allMatch(r -> r.startsWith("YELLOW"));
        assertThat(rows.subList(4, 6)).allMatch(r -> r.startsWith("GREEN"));
        assertThat(rows).containsExactly(
                "RED | hooli | erp | sync-records | Erp keeps failing, so calls are paused: nothing to do on our side, "
                        + "calls resume on their own when it recovers",
                "RED | initech | crm | sync-records | Crm rejected the login: the customer must reconnect",
                "YELLOW | acme | erp | sync-records | Erp refused some records as invalid: check the failed records' "
                        + "data or the field mapping",
                "YELLOW | globex | crm | sync-records | Crm is failing (server errors): nothing to do on our side, it "
                        + "is retried",
                "GREEN | acme | crm | sync-records | Working: nothing to do",
                "GREEN | umbrella | erp | sync-records | Working: nothing to do");
        // The technical reason and the error's category, reason and provider code stay beneath, as detail.
        assertThat(browserDom.get("all")).contains("validation_error 9").contains("since 2026-03-02 08:00:0")
                .contains("needs re-authorization: auth_failure persists after refresh (token_expired, "
                        + "INVALID_SESSION_ID) [auth_failure, token_expired]");

        assertThat(visibleRows(browserDom.get("initech"))).singleElement().asString()
                .startsWith("RED | initech | crm | sync-records | Crm rejected the login");
        assertThat(visibleRows(browserDom.get("by-customer"))).map(r -> r.split(" \\| ")[1])
                .containsExactly("acme", "acme", "globex", "hooli", "initech", "umbrella");

        // What a person sees: the badges are drawn in red, yellow and green; filtered to hooli, only red.
        BufferedImage all = browserShots.get("all");
        assertThat(pixels(all, RED)).as("red badge pixels").isGreaterThan(500);
        assertThat(pixels(all, YELLOW)).as("yellow badge pixels").isGreaterThan(500);
        assertThat(pixels(all, GREEN)).as("green badge pixels").isGreaterThan(500);
        BufferedImage hooli = browserShots.get("hooli");
        assertThat(pixels(hooli, RED)).isGreaterThan(250);
        assertThat(pixels(hooli, YELLOW)).isZero();
        assertThat(pixels(hooli, GREEN)).isZero();
    }

    @Test
    void theDashboardAndItsJsonShowNoSecret() {
        assertThat(served.get("api/health")).contains("\"customer\":\"initech\"")
                .contains("\"status\":\"red\"").contains("\"credential_state\":\"needs_reauthorization\"");
        assertThat(served.get("api/alerts")).contains("success_rate_low");
        for (String body : served.values()) {
            assertThat(body).doesNotContain("crm-token-").doesNotContain("erp-key-").doesNotContain("X-Api-Key");
        }
    }

    @Test
    void theLogsOfAFailedSyncAloneTellWhichCustomerWhichIntegrationWhatBrokeAndSinceWhen() {
        // An engineer greps the log for the customer: nothing else is needed.
        List<String> initech = logLines.stream().filter(l -> l.contains(" initech/crm ")).toList();
        assertThat(initech).anyMatch(l -> l.startsWith("WARN initech/crm dev.outbound.sync - sync sync-records of "
                + "initech/crm failed") && l.contains("auth_failure") && l.contains("INVALID_SESSION_ID")
                && l.contains("HTTP 401"));
        String healthLine = initech.stream().filter(l -> l.contains("dev.outbound.health")).findFirst().orElseThrow();
        assertThat(healthLine).contains("initech/crm sync-records went GREEN -> RED since 2026-03-02T08:00:00")
                .contains("Crm rejected the login: the customer must reconnect")
                .contains("needs re-authorization");
        assertThat(since(healthLine)).isEqualTo(row("crm", "initech").since().orElseThrow().toString());

        List<String> hooli = logLines.stream().filter(l -> l.contains(" hooli/erp ")).toList();
        assertThat(hooli).anyMatch(l -> l.contains("dev.outbound.sync") && l.contains("hooli/erp failed")
                && l.contains("server_error") && l.contains("circuit_open"));
        assertThat(hooli).anyMatch(l -> l.contains("dev.outbound.http") && l.contains("-> 503"));
        assertThat(hooli).anyMatch(l -> l.contains("hooli/erp sync-records went GREEN -> RED since 2026-03-02T08:00:0")
                && l.contains("Erp keeps failing, so calls are paused"));
        assertThat(hooli).anyMatch(l -> l.contains("ALERT FIRING critical success_rate_low on hooli/erp sync-records since"));
        assertThat(logLines).noneMatch(l -> l.contains("crm-token-") || l.contains("erp-key-"));
    }

    /** Per record id, the bodies of the PUTs the provider's simulator received under {@code prefix}. */
    private static Map<String, List<JsonNode>> writtenBodies(String provider, String prefix) {
        Map<String, List<JsonNode>> bodies = new HashMap<>();
        for (RecordedRequest r : result.received().get(provider)) {
            if (r.method().equals("PUT") && r.path().startsWith(prefix)) {
                bodies.computeIfAbsent(r.path().substring(prefix.length()), k -> new ArrayList<>())
                        .add(json(r.bodyAsString()));
            }
        }
        return bodies;
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String since(String line) {
        Matcher m = Pattern.compile("since (\\S+?):? ").matcher(line);
        assertThat(m.find()).as("a 'since' time in: " + line).isTrue();
        return m.group(1);
    }

    /**
     * Each table row of the health table as "STATUS | customer | provider | integration | what broke: what to do",
     * from the browser's DOM.
     */
    private static List<String> visibleRows(String dom) {
        List<String> rows = new ArrayList<>();
        Matcher m = Pattern.compile("<tr class=\"row\"[^>]*>(.*?)</tr>", Pattern.DOTALL).matcher(dom);
        while (m.find()) {
            Matcher cells = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(m.group(1));
            List<String> text = new ArrayList<>();
            while (cells.find() && text.size() < 5) {
                String cell = cells.group(1).replaceAll("<div.*", "").replaceAll("<[^>]+>", "")
                        .replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").strip();
                text.add(cell);
            }
            rows.add(String.join(" | ", text));
        }
        return rows;
    }

    private static long pixels(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                if (Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff)) <= 8
                        && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) <= 8
                        && Math.abs((p & 0xff) - (rgb & 0xff)) <= 8) {
                    n++;
                }
            }
        }
        return n;
    }
}
