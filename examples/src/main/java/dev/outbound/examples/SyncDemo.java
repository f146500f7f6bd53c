package dev.outbound.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationClient;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.OutboundMetrics;
import dev.outbound.gateway.Priority;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo: a SaaS sync job pulling records of six customers from two simulated providers — a CRM with bearer
 * tokens and an ERP with API keys — and pushing each record back, while the simulators inject faults: 5xx bursts,
 * 429s with Retry-After, an outage long enough to open a circuit, records the provider rejects, and one customer
 * whose credentials were revoked. Prints a per-customer summary. Needs no services; ends in well under a minute.
 */
public final class SyncDemo {
    static final int RECORDS_PER_CUSTOMER = 300;
    static final int PAGE_SIZE = 50;

    /** One customer's integration in the demo. */
    record Customer(String provider, String id, Credential credential) {
    }

    /** What one customer's sync did. */
    static final class Tally {
        int synced;
        int failed;
        final Map<ErrorCategory, Integer> errors = new EnumMap<>(ErrorCategory.class);
        ErrorEnvelope example;
        String aborted = "";
    }

    private SyncDemo() {
    }

    public static void main(String[] args) {
        Map<AccountKey, Tally> result = run(System.out);
        boolean sane = result.values().stream().anyMatch(t -> t.synced > 0);
        if (!sane) {
            System.err.println("demo synced nothing: something is broken");
            System.exit(1);
        }
    }

    /** Runs the demo and returns each account's tally (used by the demo's own test). */
    static Map<AccountKey, Tally> run(PrintStream out) {
        List<Customer> customers = List.of(
                new Customer("crm", "acme", Credential.OAuth2Token.bearer("crm-token-acme", null)),
                new Customer("crm", "globex", Credential.OAuth2Token.bearer("crm-token-globex", null)),
                new Customer("crm", "initech", Credential.OAuth2Token.bearer("crm-token-initech-revoked", null)),
                new Customer("erp", "acme", Credential.ApiKey.header("X-Api-Key", "erp-key-acme")),
                new Customer("erp", "umbrella", Credential.ApiKey.header("X-Api-Key", "erp-key-umbrella")),
                new Customer("erp", "hooli", Credential.ApiKey.header("X-Api-Key", "erp-key-hooli")));
        Map<AccountKey, Tally> tallies = new LinkedHashMap<>();
        long started = System.nanoTime();
        try (SimulatedProvider crm = SimulatedProvider.start(); SimulatedProvider erp = SimulatedProvider.start()) {
            for (Customer c : customers) {
                script(c.provider().equals("crm") ? crm : erp, c);
            }
            injectFaults(crm, erp);
            InMemoryCredentialStore store = new InMemoryCredentialStore();
            customers.forEach(c -> store.put(AccountKey.of(c.provider(), c.id()), c.credential()));
            ProviderPolicy demoPolicy = ProviderPolicy.builder()
                    .backoff(Duration.ofMillis(20), Duration.ofMillis(500))
                    .circuitBreaker(50f, 10, 20, Duration.ofSeconds(2), 3)
                    .build();
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            IntegrationGateway.Builder builder = IntegrationGateway.builder()
                    .provider(GenericRestAdapter.builder("crm").baseUrl(crm.baseUrl())
                            .apiVersion("v58.0", GenericRestAdapter.VersionPlacement.PATH).policy(demoPolicy).build())
                    .provider(GenericRestAdapter.builder("erp").baseUrl(erp.baseUrl()).policy(demoPolicy).build())
                    .credentialStore(store)
                    .meterRegistry(meters);
            // Each account has its own base URL, as Salesforce instance URLs and ERP hosts do.
            for (Customer c : customers) {
                String base = (c.provider().equals("crm") ? crm : erp).baseUrl() + "/tenants/" + c.id();
                builder.account(c.provider(), c.id(), AccountSettings.ofBaseUrl(base));
            }
            try (IntegrationGateway gateway = builder.build()) {
                for (Customer c : customers) {
                    tallies.put(AccountKey.of(c.provider(), c.id()), sync(gateway.client(c.provider(), c.id())));
                }
                print(out, gateway, meters, tallies, Duration.ofNanos(System.nanoTime() - started));
            }
        }
        return tallies;
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
        // crm/globex: a 5xx burst on one page, retried through.
        crm.on("GET", "/tenants/globex/v58.0/records?page=2").respond(Responses.status(503), Responses.status(502),
                page("globex", 2));
        // crm/globex: one record the provider keeps failing on.
        crm.on("PUT", "/tenants/globex/v58.0/records/17").respond(Responses.json(500,
                "{\"errorCode\":\"UNKNOWN_EXCEPTION\",\"message\":\"An unexpected error occurred\"}"));
        // crm/initech: the customer's admin revoked the connected app.
        crm.onPathMatching("ANY", "/tenants/initech/.*").respond(Responses.json(401,
                "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]"));
        // erp/umbrella: rate limited twice, with Retry-After.
        erp.on("GET", "/tenants/umbrella/records?page=1").respond(Responses.tooManyRequests(Duration.ofSeconds(1)),
                Responses.tooManyRequests(Duration.ofSeconds(1)), page("umbrella", 1));
        // erp/acme: records the ERP rejects as invalid.
        erp.onPathMatching("PUT", "/tenants/acme/records/(13|42|99)").respond(Responses.json(400,
                "{\"error\":{\"code\":\"INVALID_FIELD\",\"message\":\"cost center is required\"}}"));
        // erp/hooli: an outage on writes long enough to open the account's circuit.
        erp.onPathMatching("PUT", "/tenants/hooli/records/(1[0-9][0-9])").respond(Responses.status(503));
    }

    private static Tally sync(IntegrationClient client) {
        Tally tally = new Tally();
        for (int page = 0; page < RECORDS_PER_CUSTOMER / PAGE_SIZE; page++) {
            JsonNode records;
            try {
                records = client.get("records").query("page", page).operation("read-records")
                        .priority(Priority.BACKGROUND).execute(JsonNode.class).path("records");
            } catch (IntegrationException e) {
                count(tally, e);
                if (e.category() == ErrorCategory.AUTH_FAILURE) {
                    tally.aborted = "sync halted on page " + page + ": " + e.category().wireName() + ", "
                            + e.envelope().reason();
                    return tally;
                }
                tally.failed += PAGE_SIZE;
                continue;
            }
            for (JsonNode record : records) {
                try {
                    client.put("records/{id}", record.path("id").asText()).operation("write-record")
                            .body(record).execute();
                    tally.synced++;
                } catch (IntegrationException e) {
                    count(tally, e);
                    tally.failed++;
                }
            }
        }
        return tally;
    }

    private static void count(Tally tally, IntegrationException e) {
        tally.errors.merge(e.category(), 1, Integer::sum);
        if (tally.example == null) {
            tally.example = e.envelope();
        }
    }

    private static void print(PrintStream out, IntegrationGateway gateway, SimpleMeterRegistry meters,
                              Map<AccountKey, Tally> tallies, Duration took) {
        out.println();
        out.println("Outbound demo — one sync of " + RECORDS_PER_CUSTOMER + " records per customer");
        out.printf("%-10s %-9s %7s %7s %8s  %-10s %s%n", "customer", "provider", "synced", "failed", "retries",
                "circuit", "errors by category");
        List<ErrorEnvelope> examples = new ArrayList<>();
        tallies.forEach((account, t) -> {
            double retries = meters.find(OutboundMetrics.RETRIES).tag(OutboundMetrics.TAG_CUSTOMER, account.customerId())
                    .tag(OutboundMetrics.TAG_PROVIDER, account.provider()).counters().stream()
                    .mapToDouble(Counter::count).sum();
            String errors = t.errors.isEmpty() ? "-" : t.errors.entrySet().stream()
                    .map(e -> e.getKey().wireName() + "=" + e.getValue()).reduce((a, b) -> a + ", " + b).orElse("");
            out.printf("%-10s %-9s %7d %7d %8d  %-10s %s%s%n", account.customerId(), account.provider(), t.synced,
                    t.failed, (long) retries,
                    gateway.circuitState(account.provider(), account.customerId()).name().toLowerCase(),
                    errors, t.aborted.isEmpty() ? "" : "  (" + t.aborted + ")");
            if (t.example != null) {
                examples.add(t.example);
            }
        });
        out.println();
        out.println("First error of each failing customer, as the on-call engineer sees it:");
        examples.forEach(e -> out.println("  " + e.summary()));
        out.println();
        if (!examples.isEmpty()) {
            try {
                out.println("One envelope as JSON:");
                out.println("  " + gateway.objectMapper().writeValueAsString(examples.get(0)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                out.println("  (cannot write JSON: " + e.getOriginalMessage() + ")");
            }
        }
        out.printf("%nFinished in %.1f s. Every attempt is logged in %s.%n", took.toMillis() / 1000.0,
                System.getProperty("outbound.demo.log", "target/outbound-demo.log"));
    }
}
