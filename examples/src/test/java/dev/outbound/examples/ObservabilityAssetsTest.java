package dev.outbound.examples;

import static dev.outbound.testkit.Responses.json;
import static dev.outbound.testkit.Responses.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.gateway.health.HealthMonitor;
import dev.outbound.gateway.sync.SyncRun;
import dev.outbound.gateway.sync.SyncRuns;
import dev.outbound.ratelimit.Bandwidth;
import dev.outbound.ratelimit.BucketRateLimiter;
import dev.outbound.ratelimit.LocalRateLimitBackend;
import dev.outbound.ratelimit.RateLimitSpec;
import dev.outbound.ratelimit.RateLimits;
import dev.outbound.testkit.FakeClock;
import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped Grafana dashboard and Prometheus alert rules ({@code observability/}) query only metric names that a
 * Prometheus registry really exposes for the library's meters: a scenario exercises every meter family (calls,
 * retries, errors, a capped Retry-After, circuit breakers, credential refreshes, rate-limit waits, sync runs,
 * health and alerts), the registry is scraped, and every {@code outbound_*} name in the assets must be in the scrape.
 * The rules are also checked by {@code promtool}, which {@code .ci/run} installs (Debian's {@code prometheus}).
 */
class ObservabilityAssetsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DASHBOARD = ROOT.resolve("observability/grafana/outbound-dashboard.json");
    private static final Path RULES = ROOT.resolve("observability/prometheus/outbound-rules.yml");
    private static final Pattern METRIC = Pattern.compile("\\boutbound_[a-z0-9_]+");

    private static final Set<String> scraped = new TreeSet<>();

    @BeforeAll
    static void scrapeAScenarioThatTouchesEveryMeter() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        FakeClock clock = new FakeClock();
        AccountKey acme = AccountKey.of("crm", "acme");
        InMemoryCredentialStore store = new InMemoryCredentialStore(clock)
                .put(acme, new Credential.OAuth2Token("tok-expiring-1234", "ref-1234abcd",
                        clock.instant().plusSeconds(60), ""));
        BucketRateLimiter limiter = BucketRateLimiter.builder()
                .limits(RateLimits.builder().provider("crm", RateLimitSpec.builder()
                        .bandwidth(Bandwidth.builder().capacity(2).refill(2, Duration.ofSeconds(10)).intervally()
                                .build()).build()).build())
                .backend(LocalRateLimitBackend.builder().clock(clock).build())
                .clock(clock).sleeper(clock).meterRegistry(registry).build();
        HealthMonitor monitor = HealthMonitor.builder().clock(clock).meterRegistry(registry).build();
        try (SimulatedProvider sim = SimulatedProvider.start();
             IntegrationGateway gateway = IntegrationGateway.builder()
                     .provider(GenericRestAdapter.builder("crm").baseUrl(sim.baseUrl())
                             .policy(ProviderPolicy.builder().maxRetryAfter(Duration.ofSeconds(5)).build()).build())
                     .credentialStore(store)
                     .tokenRefresher((account, current) -> new Credential.OAuth2Token("tok-fresh-5678",
                             "ref-5678efgh", clock.instant().plus(Duration.ofHours(1)), ""))
                     .rateLimiter(limiter).meterRegistry(registry).clock(clock).sleeper(clock)
                     .callListener(monitor).authEventListener(monitor).build()) {
            monitor.watch(gateway);
            sim.on("GET", "/ok").respond(json(200, "{}"));
            sim.on("GET", "/flaky").respond(status(500), json(200, "{}"));
            sim.on("GET", "/down").respond(status(503));
            sim.on("GET", "/limited").respond(Responses.tooManyRequests(Duration.ofDays(1)));
            for (String path : List.of("ok", "flaky", "down", "limited", "ok", "ok")) {
                catchThrowable(() -> gateway.client("crm", "acme").get(path).deadline(Duration.ofMinutes(5))
                        .execute());
            }
            SyncRuns syncs = SyncRuns.builder().clock(clock).meterRegistry(registry).listener(monitor).build();
            try (SyncRun run = syncs.start(acme, "sync-items")) {
                run.expect(3);
                run.succeeded(clock.instant().minusSeconds(30));
                run.failed("item-2", ErrorEnvelope.builder(ErrorCategory.VALIDATION_ERROR).message("bad").build());
                run.complete();
            }
            clock.advance(Duration.ofHours(30));
            monitor.evaluate();
            monitor.rows();
        }
        for (String line : registry.scrape().split("\n")) {
            Matcher m = METRIC.matcher(line);
            if (!line.startsWith("#") && m.lookingAt()) {
                scraped.add(m.group());
            }
        }
    }

    @Test
    void theScenarioReallyProducedEveryMeterFamily() {
        assertThat(scraped).contains("outbound_calls_seconds_count", "outbound_errors_total", "outbound_retries_total",
                "outbound_retry_after_capped_total", "outbound_auth_refreshes_total", "outbound_sync_runs_total",
                "outbound_sync_records_total", "outbound_health_status", "outbound_ratelimit_wait_seconds_count");
        assertThat(scraped).anyMatch(n -> n.startsWith("outbound_circuit"));
    }

    @Test
    void theDashboardQueriesOnlyMetricsTheLibraryRegisters() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> exprs = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> exprs.add(e.asText()));

        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(exprs).hasSizeGreaterThanOrEqualTo(6);
        assertThat(names(String.join("\n", exprs))).isNotEmpty().allSatisfy(n -> assertThat(scraped).contains(n));
    }

    @Test
    void theAlertRulesQueryOnlyMetricsTheLibraryRegisters() throws IOException {
        String rules = Files.readString(RULES);

        assertThat(names(rules)).isNotEmpty().allSatisfy(n -> assertThat(scraped).contains(n));
    }

    @Test
    void promtoolAcceptsTheAlertRules() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        Assumptions.assumeTrue(Files.isExecutable(promtool), "promtool is not installed (.ci/run installs it)");
        Process p = new ProcessBuilder(promtool.toString(), "check", "rules", RULES.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    private static Set<String> names(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
