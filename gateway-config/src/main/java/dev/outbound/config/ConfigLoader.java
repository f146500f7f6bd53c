package dev.outbound.config;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.outbound.config.filter.FilterSpec;
import dev.outbound.config.filter.RecordFilter;
import dev.outbound.config.mapping.FieldMapping;
import dev.outbound.config.mapping.InvalidMappingException;
import dev.outbound.config.mapping.RecordMapper;
import dev.outbound.config.mapping.TransformRegistry;
import dev.outbound.config.mapping.TransformSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads configuration documents (JSON or YAML), validates them against the published schema
 * ({@value #SCHEMA_RESOURCE}) and then against the rules a schema cannot state (cron syntax, zones, interval bounds,
 * paths, transform parameters, regular expressions), and compiles their mappings and filter. Any problem rejects the
 * whole document with a {@link ConfigValidationException} whose problems name the customer, the source, the JSON
 * path and what was expected. Immutable and thread-safe.
 */
public final class ConfigLoader {

    /** Class-path location of the published JSON Schema. */
    public static final String SCHEMA_RESOURCE = "/dev/outbound/config/integration-config.schema.json";

    /** Largest document accepted by default: configuration is small, and a huge one is a mistake or an attack. */
    public static final int DEFAULT_MAX_DOCUMENT_BYTES = 1 << 20;

    private static final int MAX_PROBLEMS = 25;
    private static final Pattern SAFE_CUSTOMER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}");

    /** The document formats the loader reads. */
    public enum Format {
        JSON, YAML;

        /** The format a file name's extension stands for: {@code .json}, {@code .yaml} or {@code .yml}. */
        public static Optional<Format> ofFileName(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".json")) {
                return Optional.of(JSON);
            }
            if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
                return Optional.of(YAML);
            }
            return Optional.empty();
        }
    }

    private final TransformRegistry transforms;
    private final Clock clock;
    private final int maxDocumentBytes;
    private final ObjectMapper json;
    private final ObjectMapper yaml;
    private final Schema schema;

    private ConfigLoader(Builder b) {
        this.transforms = b.transforms;
        this.clock = b.clock;
        this.maxDocumentBytes = b.maxDocumentBytes;
        // A key given twice would silently win over the first: in configuration that hides mistakes, so refuse it.
        this.json = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        this.yaml = YAMLMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        SchemaRegistryConfig config = SchemaRegistryConfig.builder().pathType(PathType.JSON_PATH).build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(config));
        this.schema = registry.getSchema(readTree(json, schemaText()));
    }

    /** A loader with the built-in transforms and the system clock. */
    public static ConfigLoader ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The published JSON Schema, as text. */
    public static String schemaText() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing from the class path: " + SCHEMA_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads a document.
     *
     * @param source where it came from (a file path, a table row), for error messages
     * @throws ConfigValidationException if anything is wrong; nothing of the document is used then
     */
    public LoadedConfig load(String source, Format format, byte[] content) {
        return load(source, format, content, Optional.empty());
    }

    /**
     * Loads a document that must be for {@code expected} (a table row's key, for instance).
     *
     * @throws ConfigValidationException if anything is wrong, including a customer or integration that differs
     */
    public LoadedConfig load(String source, Format format, byte[] content, Optional<ConfigKey> expected) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(expected, "expected");
        String fallbackCustomer = expected.map(ConfigKey::customerId).orElse(ConfigProblem.UNKNOWN_CUSTOMER);
        if (content.length > maxDocumentBytes) {
            throw fail(fallbackCustomer, source, "$", "document is " + content.length + " bytes: expected at most "
                    + maxDocumentBytes);
        }
        JsonNode root;
        try {
            root = (format == Format.JSON ? json : yaml).readTree(content);
        } catch (IOException e) {
            throw fail(fallbackCustomer, source, "$", "not valid " + format + ": " + parseMessage(e));
        }
        if (root == null || !root.isObject()) {
            throw fail(fallbackCustomer, source, "$", "expected an object at the top of the document");
        }
        String customer = customerOf(root).orElse(fallbackCustomer);

        List<Error> errors = schema.validate(root);
        if (!errors.isEmpty()) {
            Set<ConfigProblem> problems = new LinkedHashSet<>();
            for (Error error : errors) {
                if (problems.size() == MAX_PROBLEMS) {
                    break;
                }
                String path = error.getInstanceLocation().toString();
                problems.add(new ConfigProblem(customer, source, path, schemaMessage(path, error.getMessage())));
            }
            throw new ConfigValidationException(new ArrayList<>(problems));
        }

        IntegrationConfig config;
        RecordMapper mapper;
        RecordFilter filter;
        try {
            config = read((ObjectNode) root);
            mapper = compileMappings(config);
            filter = config.filter().map(RecordFilter::compile).orElse(RecordFilter.acceptAll());
        } catch (Invalid e) {
            throw fail(customer, source, e.path, e.getMessage());
        }
        if (expected.isPresent() && !expected.get().equals(config.key())) {
            throw fail(customer, source, "$", "document is for " + config.key() + ": expected " + expected.get());
        }
        return new LoadedConfig(config, mapper, filter, source, 0, clock.instant());
    }

    /** A document already accepted by {@link #load}, re-read and written as compact JSON. */
    String toJson(Format format, byte[] content) {
        try {
            return json.writeValueAsString((format == Format.JSON ? json : yaml).readTree(content));
        } catch (IOException e) {
            throw new IllegalStateException("a validated document could not be re-read", e);
        }
    }

    private RecordMapper compileMappings(IntegrationConfig config) {
        try {
            return RecordMapper.compile(config.mappings(), transforms);
        } catch (InvalidMappingException e) {
            throw new Invalid("$.mappings[" + e.index() + "]." + e.member(), e.reason());
        }
    }

    private static Optional<String> customerOf(JsonNode root) {
        JsonNode c = root.get("customer");
        // Only a well-formed id is echoed into messages: anything else could carry control characters into logs.
        return c != null && c.isTextual() && SAFE_CUSTOMER.matcher(c.textValue()).matches()
                ? Optional.of(c.textValue()) : Optional.empty();
    }

    private static String schemaMessage(String path, String message) {
        String prefix = path + ": ";
        String m = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }

    private static String parseMessage(IOException e) {
        if (e instanceof JsonProcessingException jpe) {
            String original = jpe.getOriginalMessage();
            String first = original == null ? "unreadable" : original.lines().findFirst().orElse(original);
            if (first.length() > 200) {
                first = first.substring(0, 200) + "…";
            }
            return jpe.getLocation() == null ? first
                    : first + " (line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr() + ")";
        }
        return e.getClass().getSimpleName();
    }

    private static ConfigValidationException fail(String customer, String source, String path, String message) {
        return new ConfigValidationException(List.of(new ConfigProblem(customer, source, path, message)));
    }

    private static JsonNode readTree(ObjectMapper mapper, String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonParseException e) {
            throw new IllegalStateException("the published schema is not valid JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- from a schema-valid tree to the model. The schema guarantees shapes; these check meaning. -------------

    /** A rule after the schema was broken at {@code path}. */
    private static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String path;

        Invalid(String path, String message) {
            super(message, null, false, false);
            this.path = path;
        }
    }

    private IntegrationConfig read(ObjectNode root) {
        ConfigKey key = new ConfigKey(root.get("customer").textValue(), root.get("integration").textValue());
        Optional<URI> baseUrl = Optional.ofNullable(root.get("baseUrl")).map(n -> uri(n.textValue()));
        Optional<String> apiVersion = Optional.ofNullable(root.get("apiVersion")).map(JsonNode::textValue);
        Map<String, String> attributes = new HashMap<>();
        JsonNode attrs = root.path("attributes");
        for (Map.Entry<String, JsonNode> e : attrs.properties()) {
            attributes.put(e.getKey(), e.getValue().textValue());
        }
        SyncDirection direction = SyncDirection.valueOf(root.get("direction").textValue().toUpperCase(Locale.ROOT));
        ErrorPreference onError = "halt".equals(root.path("onError").asText("skip"))
                ? ErrorPreference.HALT : ErrorPreference.SKIP_AND_CONTINUE;
        Optional<FilterSpec> filter = root.has("filter") ? Optional.of(filter(root.get("filter"), "$.filter"))
                : Optional.empty();
        List<FieldMapping> mappings = new ArrayList<>();
        JsonNode list = root.path("mappings");
        for (int i = 0; i < list.size(); i++) {
            mappings.add(mapping(list.get(i), "$.mappings[" + i + "]"));
        }
        try {
            return new IntegrationConfig(key, root.get("provider").textValue(), root.get("credentialRef").textValue(),
                    baseUrl, apiVersion, attributes, rateLimits(root.path("rateLimits")), direction,
                    schedule(root.get("schedule")), filter, mappings, onError);
        } catch (IllegalArgumentException e) {
            // Base URL and API version are checked by the gateway's own rules in AccountSettings.
            throw new Invalid(root.has("baseUrl") ? "$.baseUrl" : "$", e.getMessage());
        }
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new Invalid("$.baseUrl", "not a valid URL: " + e.getReason());
        }
    }

    private static RateLimitOverrides rateLimits(JsonNode node) {
        if (node.isMissingNode()) {
            return RateLimitOverrides.none();
        }
        List<RateLimitOverrides.Limit> limits = new ArrayList<>();
        JsonNode list = node.path("limits");
        for (int i = 0; i < list.size(); i++) {
            String path = "$.rateLimits.limits[" + i + "].per";
            Duration per = duration(list.get(i).get("per").textValue(), path);
            try {
                limits.add(new RateLimitOverrides.Limit(list.get(i).get("permits").longValue(), per));
            } catch (IllegalArgumentException e) {
                throw new Invalid(path, e.getMessage());
            }
        }
        OptionalInt maxConcurrent = node.has("maxConcurrent") ? OptionalInt.of(node.get("maxConcurrent").intValue())
                : OptionalInt.empty();
        OptionalLong quota = node.has("dailyQuota") ? OptionalLong.of(node.get("dailyQuota").longValue())
                : OptionalLong.empty();
        return new RateLimitOverrides(limits, maxConcurrent, quota);
    }

    private static Schedule schedule(JsonNode node) {
        switch (node.get("type").textValue()) {
            case "webhook":
                return new Schedule.Webhook();
            case "interval": {
                Duration every = duration(node.get("every").textValue(), "$.schedule.every");
                Duration min = node.has("min") ? duration(node.get("min").textValue(), "$.schedule.min") : every;
                Duration max = node.has("max") ? duration(node.get("max").textValue(), "$.schedule.max") : every;
                try {
                    return new Schedule.Interval(every, min, max);
                } catch (IllegalArgumentException e) {
                    throw new Invalid("$.schedule", e.getMessage());
                }
            }
            default: {
                CronExpression cron;
                try {
                    cron = CronExpression.parse(node.get("expression").textValue());
                } catch (IllegalArgumentException e) {
                    throw new Invalid("$.schedule.expression", e.getMessage());
                }
                ZoneId zone = ZoneOffset.UTC;
                if (node.has("zone")) {
                    try {
                        zone = ZoneId.of(node.get("zone").textValue());
                    } catch (DateTimeException e) {
                        throw new Invalid("$.schedule.zone", "unknown zone '" + node.get("zone").textValue()
                                + "': expected a region such as Europe/Berlin or an offset such as +01:00");
                    }
                }
                return new Schedule.Cron(cron, zone);
            }
        }
    }

    private static Duration duration(String text, String path) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new Invalid(path, "'" + text + "' is not an ISO-8601 duration: expected e.g. PT15M");
        }
    }

    private static FilterSpec filter(JsonNode node, String path) {
        if (node.has("all") || node.has("any")) {
            boolean all = node.has("all");
            JsonNode parts = node.get(all ? "all" : "any");
            List<FilterSpec> specs = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                specs.add(filter(parts.get(i), path + (all ? ".all[" : ".any[") + i + "]"));
            }
            return all ? new FilterSpec.All(specs) : new FilterSpec.Any(specs);
        }
        FilterSpec.Operator operator = null;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            Optional<FilterSpec.Operator> op = FilterSpec.Operator.fromConfigName(name);
            if (op.isPresent()) {
                if (operator != null) {
                    throw new Invalid(path, "a condition has one operator: found " + operator.configName() + " and " + name);
                }
                operator = op.get();
            }
        }
        if (operator == null) {
            throw new Invalid(path, "a condition needs one operator: equals, in, greaterThan, greaterThanOrEqual,"
                    + " lessThan, lessThanOrEqual, exists or matches");
        }
        if (node.has("maxInputLength") && operator != FilterSpec.Operator.MATCHES) {
            throw new Invalid(path + ".maxInputLength", "maxInputLength applies to matches only");
        }
        int maxInput = node.path("maxInputLength").asInt(FilterSpec.Condition.DEFAULT_MAX_INPUT_LENGTH);
        FilterSpec.Condition condition = new FilterSpec.Condition(node.get("field").textValue(), operator,
                node.get(operator.configName()), maxInput);
        try {
            RecordFilter.compile(condition);
        } catch (IllegalArgumentException e) {
            throw new Invalid(path + "." + operator.configName(), e.getMessage());
        }
        return condition;
    }

    private static FieldMapping mapping(JsonNode node, String path) {
        if (node.has("source") && node.has("sources")) {
            throw new Invalid(path, "give source or sources, not both");
        }
        List<String> sources = new ArrayList<>();
        if (node.has("source")) {
            sources.add(node.get("source").textValue());
        }
        node.path("sources").forEach(s -> sources.add(s.textValue()));
        if (sources.isEmpty() && !node.has("default")) {
            throw new Invalid(path, "a mapping needs source, sources or (for a constant) default");
        }
        List<TransformSpec> transforms = new ArrayList<>();
        JsonNode t = node.get("transform");
        if (t != null) {
            if (t.isArray()) {
                t.forEach(spec -> transforms.add(transformSpec(spec)));
            } else {
                transforms.add(transformSpec(t));
            }
        }
        return new FieldMapping(sources, node.get("target").textValue(), transforms,
                Optional.ofNullable(node.get("default")));
    }

    private static TransformSpec transformSpec(JsonNode node) {
        ObjectNode params = ((ObjectNode) node).deepCopy();
        String type = params.remove("type").textValue();
        return new TransformSpec(type, params);
    }

    /** Collects a loader's settings; not thread-safe. */
    public static final class Builder {
        private TransformRegistry transforms = TransformRegistry.builtins();
        private Clock clock = Clock.systemUTC();
        private int maxDocumentBytes = DEFAULT_MAX_DOCUMENT_BYTES;

        private Builder() {
        }

        /** The transforms documents may name; the built-in ones by default. */
        public Builder transforms(TransformRegistry transforms) {
            this.transforms = Objects.requireNonNull(transforms, "transforms");
            return this;
        }

        /** Stamps {@link LoadedConfig#loadedAt()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder maxDocumentBytes(int maxDocumentBytes) {
            if (maxDocumentBytes < 1) {
                throw new IllegalArgumentException("maxDocumentBytes must be positive, was " + maxDocumentBytes);
            }
            this.maxDocumentBytes = maxDocumentBytes;
            return this;
        }

        public ConfigLoader build() {
            return new ConfigLoader(this);
        }
    }
}
