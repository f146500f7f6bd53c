package dev.outbound.config;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.outbound.config.filter.RecordFilter;
import dev.outbound.config.mapping.InvalidMappingException;
import dev.outbound.config.mapping.RecordMapper;
import dev.outbound.config.mapping.TransformRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
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
    private final DocumentBinder binder = new DocumentBinder();

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
            config = binder.bind(root).toConfig();
            mapper = compileMappings(config);
            filter = config.filter().map(RecordFilter::compile).orElse(RecordFilter.acceptAll());
        } catch (InvalidDocument e) {
            throw fail(customer, source, e.path(), e.getMessage());
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
            throw new InvalidDocument("$.mappings[" + e.index() + "]." + e.member(), e.reason());
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
