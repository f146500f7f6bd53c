package dev.outbound.benchmarks;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbound.config.mapping.FieldMapping;
import dev.outbound.config.mapping.FixedRateTable;
import dev.outbound.config.mapping.RecordMapper;
import dev.outbound.config.mapping.TransformRegistry;
import dev.outbound.config.mapping.TransformSpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Applying a configured field mapping ({@link RecordMapper}, module {@code gateway-config}) to 100,000 records per
 * operation batch, side by side with a hand-written Java mapping that produces the same output (checked at setup).
 * One JMH operation is one record: the score is records per second, and {@code -prof gc}'s
 * {@code gc.alloc.rate.norm} is bytes allocated per record. Source records are Jackson trees parsed beforehand (with
 * exact decimals, as the mapper's docs advise); parsing is not measured. 10,000 distinct records are each mapped 10
 * times per batch.
 *
 * <p>Shapes: {@code flat} — 10 plain field moves, some into nested objects; {@code arrays} — an order with 10 lines,
 * four {@code lines[*].x -> items[*].y} mappings plus two header fields; {@code transforms} — 10 mappings that all
 * transform: concat, trim+lower, two date conversions (zone, pattern), currency with a rate table, unit, enum, split,
 * number format.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RecordMappingBenchmark {
    static final int BATCH = 100_000;
    static final int DISTINCT = 10_000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Param({"flat", "arrays", "transforms"})
    public String shape;

    private JsonNode[] records;
    private RecordMapper mapper;
    private Function<JsonNode, ObjectNode> handWritten;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        records = new JsonNode[DISTINCT];
        for (int i = 0; i < DISTINCT; i++) {
            records[i] = JSON.readTree(switch (shape) {
                case "flat" -> flatRecord(i);
                case "arrays" -> orderRecord(i);
                case "transforms" -> opportunityRecord(i);
                default -> throw new IllegalArgumentException("unknown shape " + shape);
            });
        }
        switch (shape) {
            case "flat" -> {
                mapper = RecordMapper.compile(flatMappings(), TransformRegistry.builtins());
                handWritten = RecordMappingBenchmark::flatByHand;
            }
            case "arrays" -> {
                mapper = RecordMapper.compile(orderMappings(), TransformRegistry.builtins());
                handWritten = RecordMappingBenchmark::orderByHand;
            }
            default -> {
                mapper = RecordMapper.compile(opportunityMappings(), TransformRegistry.builder()
                        .rateTable(FixedRateTable.builder().rate("EUR", "USD", "1.0825").rate("GBP", "USD", "1.2650")
                                .build())
                        .build());
                handWritten = new OpportunityByHand();
            }
        }
        for (JsonNode r : records) {
            ObjectNode configured = mapper.apply(r);
            ObjectNode byHand = handWritten.apply(r);
            if (!configured.equals(byHand)) {
                throw new IllegalStateException("shape " + shape + ": the baseline differs from the mapping:\n"
                        + configured + "\n" + byHand);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void configuredMapping(Blackhole bh) {
        for (int round = 0; round < BATCH / DISTINCT; round++) {
            for (JsonNode r : records) {
                bh.consume(mapper.apply(r));
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void handWrittenMapping(Blackhole bh) {
        for (int round = 0; round < BATCH / DISTINCT; round++) {
            for (JsonNode r : records) {
                bh.consume(handWritten.apply(r));
            }
        }
    }

    // ---- flat ------------------------------------------------------------------------------------------------

    static String flatRecord(int i) {
        return "{\"Id\":\"0015g00000Xy" + i + "AAB\",\"Name\":\"Account " + i + "\",\"Email\":\"ops" + i
                + "@example.com\",\"Phone\":\"+49 30 " + (1_000_000 + i) + "\",\"BillingStreet\":\"Hauptstr. "
                + (i % 200) + "\",\"BillingCity\":\"Berlin\",\"BillingPostalCode\":\"" + (10_000 + i % 90_000)
                + "\",\"BillingCountry\":\"DE\",\"Industry\":\"Manufacturing\",\"AnnualRevenue\":" + (i * 1000L + 0.5)
                + ",\"IsDeleted\":false,\"LastModifiedDate\":\"2026-03-01T10:15:30.000+0000\"}";
    }

    static List<FieldMapping> flatMappings() {
        return List.of(FieldMapping.of("Id", "id"), FieldMapping.of("Name", "name"),
                FieldMapping.of("Email", "contact.email"), FieldMapping.of("Phone", "contact.phone"),
                FieldMapping.of("BillingStreet", "address.street"), FieldMapping.of("BillingCity", "address.city"),
                FieldMapping.of("BillingPostalCode", "address.postalCode"),
                FieldMapping.of("BillingCountry", "address.country"), FieldMapping.of("Industry", "industry"),
                FieldMapping.of("AnnualRevenue", "revenue"));
    }

    static ObjectNode flatByHand(JsonNode r) {
        ObjectNode out = NODES.objectNode();
        copy(r, "Id", out, "id");
        copy(r, "Name", out, "name");
        ObjectNode contact = NODES.objectNode();
        copy(r, "Email", contact, "email");
        copy(r, "Phone", contact, "phone");
        if (!contact.isEmpty()) {
            out.set("contact", contact);
        }
        ObjectNode address = NODES.objectNode();
        copy(r, "BillingStreet", address, "street");
        copy(r, "BillingCity", address, "city");
        copy(r, "BillingPostalCode", address, "postalCode");
        copy(r, "BillingCountry", address, "country");
        if (!address.isEmpty()) {
            out.set("address", address);
        }
        copy(r, "Industry", out, "industry");
        copy(r, "AnnualRevenue", out, "revenue");
        return out;
    }

    // ---- arrays ----------------------------------------------------------------------------------------------

    static String orderRecord(int i) {
        StringBuilder sb = new StringBuilder("{\"Id\":\"SO-").append(i).append("\",\"OrderNumber\":\"")
                .append(100_000 + i).append("\",\"Status\":\"Open\",\"lines\":[");
        for (int l = 0; l < 10; l++) {
            if (l > 0) {
                sb.append(',');
            }
            sb.append("{\"sku\":\"SKU-").append(i % 500).append('-').append(l).append("\",\"quantity\":")
                    .append(1 + l).append(",\"unitPrice\":").append(9.99 + l).append(",\"description\":\"Item ")
                    .append(l).append(" of order ").append(i).append("\",\"warehouse\":\"B").append(l % 3)
                    .append("\"}");
        }
        return sb.append("]}").toString();
    }

    static List<FieldMapping> orderMappings() {
        return List.of(FieldMapping.of("Id", "id"), FieldMapping.of("OrderNumber", "number"),
                FieldMapping.of("lines[*].sku", "items[*].code"), FieldMapping.of("lines[*].quantity", "items[*].qty"),
                FieldMapping.of("lines[*].unitPrice", "items[*].price"),
                FieldMapping.of("lines[*].description", "items[*].name"));
    }

    static ObjectNode orderByHand(JsonNode r) {
        ObjectNode out = NODES.objectNode();
        copy(r, "Id", out, "id");
        copy(r, "OrderNumber", out, "number");
        JsonNode lines = r.get("lines");
        if (lines != null && lines.isArray() && !lines.isEmpty()) {
            ArrayNode items = out.putArray("items");
            for (JsonNode line : lines) {
                ObjectNode item = items.addObject();
                copy(line, "sku", item, "code");
                copy(line, "quantity", item, "qty");
                copy(line, "unitPrice", item, "price");
                copy(line, "description", item, "name");
            }
        }
        return out;
    }

    // ---- heavy transforms ------------------------------------------------------------------------------------

    static String opportunityRecord(int i) {
        return "{\"Id\":\"0065g00000Ab" + i + "QAA\",\"FirstName\":\"Ada\",\"LastName\":\"Lovelace " + i
                + "\",\"Email\":\"  ADA." + i + "@EXAMPLE.COM \",\"CreatedDate\":\"2026-03-"
                + String.format(Locale.ROOT, "%02d", 1 + i % 28) + "T10:15:30.000+0000\",\"CloseDate\":\"" + String.format(Locale.ROOT, "%02d", 1 + i % 28)
                + ".04.2026\""
                + ",\"Amount\":" + (1000 + i) + ".45,\"CurrencyIsoCode\":\"" + (i % 2 == 0 ? "EUR" : "GBP")
                + "\",\"WeightLb\":" + (i % 90 + 0.5) + ",\"StageName\":\""
                + List.of("Prospecting", "Closed Won", "Closed Lost").get(i % 3) + "\",\"Tags\":\"enterprise; renewal; "
                + (i % 2 == 0 ? "emea" : "na") + "\",\"ExpectedRevenue\":" + (1_234_567 + i) + ".891}";
    }

    static List<FieldMapping> opportunityMappings() {
        return List.of(
                new FieldMapping(List.of("FirstName", "LastName"), "name",
                        List.of(spec("concat", Map.of("separator", " "))), Optional.empty()),
                FieldMapping.of("Email", "email").withTransform(TransformSpec.of("trim"))
                        .withTransform(TransformSpec.of("lower")),
                FieldMapping.of("CreatedDate", "createdAt").withTransform(spec("date",
                        Map.of("from", "iso", "to", "iso", "toZone", "Europe/Berlin"))),
                FieldMapping.of("CloseDate", "closeDate").withTransform(spec("date",
                        Map.of("from", "dd.MM.uuuu", "to", "isoDate"))),
                new FieldMapping(List.of("Amount", "CurrencyIsoCode"), "amountUsd",
                        List.of(spec("currency", Map.of("to", "USD", "scale", 2))), Optional.empty()),
                FieldMapping.of("WeightLb", "weightKg").withTransform(spec("unit",
                        Map.of("from", "lb", "to", "kg", "scale", 3))),
                FieldMapping.of("StageName", "stage").withTransform(spec("enum", Map.of("values",
                        Map.of("Prospecting", "open", "Closed Won", "won", "Closed Lost", "lost")))),
                FieldMapping.of("Tags", "tags").withTransform(spec("split", Map.of("separator", "; "))),
                FieldMapping.of("ExpectedRevenue", "expectedRevenue").withTransform(spec("number",
                        Map.of("pattern", "#,##0.00"))),
                FieldMapping.of("Id", "id").withTransform(TransformSpec.of("upper")));
    }

    /** What a developer would write instead: formatters and tables built once, the rest per record. */
    static final class OpportunityByHand implements Function<JsonNode, ObjectNode> {
        private static final DateTimeFormatter SALESFORCE = DateTimeFormatter.ofPattern(
                "uuuu-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT);
        private static final DateTimeFormatter DOTTED = DateTimeFormatter.ofPattern("dd.MM.uuuu", Locale.ROOT);
        private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
        private static final BigDecimal EUR_USD = new BigDecimal("1.0825");
        private static final BigDecimal GBP_USD = new BigDecimal("1.2650");
        private static final BigDecimal KG_PER_LB = new BigDecimal("0.45359237");
        private static final Map<String, String> STAGES = Map.of("Prospecting", "open", "Closed Won", "won",
                "Closed Lost", "lost");
        private final ThreadLocal<DecimalFormat> money = ThreadLocal.withInitial(() -> {
            DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ENGLISH));
            f.setRoundingMode(RoundingMode.HALF_EVEN);
            return f;
        });

        @Override
        public ObjectNode apply(JsonNode r) {
            ObjectNode out = NODES.objectNode();
            out.put("name", r.path("FirstName").asText() + " " + r.path("LastName").asText());
            out.put("email", r.path("Email").asText().strip().toLowerCase(Locale.ROOT));
            out.put("createdAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                    OffsetDateTime.parse(r.path("CreatedDate").asText(), SALESFORCE).atZoneSameInstant(BERLIN)));
            out.put("closeDate", DateTimeFormatter.ISO_LOCAL_DATE.format(
                    LocalDate.parse(r.path("CloseDate").asText(), DOTTED)));
            BigDecimal rate = r.path("CurrencyIsoCode").asText().equals("EUR") ? EUR_USD : GBP_USD;
            out.put("amountUsd", r.path("Amount").decimalValue().multiply(rate).setScale(2, RoundingMode.HALF_EVEN));
            out.put("weightKg", r.path("WeightLb").decimalValue().multiply(KG_PER_LB)
                    .setScale(3, RoundingMode.HALF_EVEN));
            out.put("stage", STAGES.get(r.path("StageName").asText()));
            ArrayNode tags = out.putArray("tags");
            for (String tag : r.path("Tags").asText().split("; ")) {
                tags.add(tag);
            }
            out.put("expectedRevenue", money.get().format(r.path("ExpectedRevenue").decimalValue()));
            out.put("id", r.path("Id").asText().toUpperCase(Locale.ROOT));
            return out;
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** Copies a field unless it is missing, null or empty text (the mapper's rule for an empty source). */
    private static void copy(JsonNode from, String field, ObjectNode to, String target) {
        JsonNode v = from.get(field);
        if (v != null && !v.isNull() && !(v.isTextual() && v.textValue().isEmpty())) {
            to.set(target, v);
        }
    }

    private static TransformSpec spec(String type, Map<String, Object> params) {
        return new TransformSpec(type, JSON.valueToTree(params));
    }
}
