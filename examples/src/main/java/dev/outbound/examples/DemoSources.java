package dev.outbound.examples;

import static dev.outbound.examples.SyncDemo.PAGE_SIZE;
import static dev.outbound.examples.SyncDemo.RECORDS_PER_CUSTOMER;
import static dev.outbound.examples.SyncDemo.SOURCE_LAG;
import static dev.outbound.examples.SyncDemo.START;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import dev.outbound.testkit.SimulatedResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * The demo's two source systems as simulators serve them: the same CRM contacts and ERP invoices for every tenant,
 * read a page at a time and written back record by record. Stateless.
 */
final class DemoSources {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] FIRST = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "John",
            "Margaret", "Ken"};
    private static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen",
            "Backus", "Hamilton", "Thompson"};
    private static final DateTimeFormatter CRM_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxx")
            .withZone(ZoneOffset.UTC);

    /** A simulated provider as the demo's source system: where it listens and the field that holds a record's id. */
    record Source(SimulatedProvider simulator, String idField, IntFunction<ObjectNode> recordAt) {
    }

    private DemoSources() {
    }

    /** Pages of the provider's records to read under {@code path}, and a write endpoint that accepts each record. */
    static void script(Source source, String path) {
        for (int p = 0; p < RECORDS_PER_CUSTOMER / PAGE_SIZE; p++) {
            source.simulator().on("GET", path + "/records?page=" + p).respond(page(source, p));
        }
        source.simulator().onPathMatching("PUT", Pattern.quote(path) + "/records/[0-9]+")
                .respond(Responses.json(200, "{\"ok\":true}"));
    }

    /** Page {@code page} of the source's records, as a successful read answers it. */
    static SimulatedResponse page(Source source, int page) {
        // As Salesforce's totalSize: every page says how many records the query has, so a run knows what it misses.
        ObjectNode body = JSON.createObjectNode().put("totalSize", RECORDS_PER_CUSTOMER);
        for (int i = 0; i < PAGE_SIZE; i++) {
            body.withArray("records").add(source.recordAt().apply(page * PAGE_SIZE + i + 1));
        }
        return Responses.json(200, body.toString());
    }

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
        if (!AcmeRejectedInvoices.WITHOUT_COST_CENTER.contains(n)) {
            invoice.put("costCenter", "CC-" + (100 + n % 5));
        }
        return invoice;
    }
}
