package dev.outbound.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * Binds a schema-valid tree onto {@link ConfigDocument} with Jackson. Unknown members fail the binding as the
 * schema's {@code additionalProperties: false} does; scalars that have rules of their own are read here with
 * messages an operator can act on, and Jackson's path to a failed member becomes the problem's JSON path.
 * Thread-safe.
 */
final class DocumentBinder {

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // The schema spells enum values in lower case: inbound, outbound, bidirectional.
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addModule(new SimpleModule("outbound-config-scalars")
                    .addDeserializer(Duration.class, scalar(DocumentBinder::duration))
                    .addDeserializer(ZoneId.class, scalar(DocumentBinder::zone))
                    .addDeserializer(CronExpression.class, scalar(CronExpression::parse))
                    .addDeserializer(URI.class, scalar(DocumentBinder::url)))
            .build();

    /**
     * The document {@code root} describes.
     *
     * @throws InvalidDocument naming the member whose value breaks its rule
     */
    ConfigDocument bind(JsonNode root) {
        try {
            return mapper.treeToValue(root, ConfigDocument.class);
        } catch (JsonMappingException e) {
            throw new InvalidDocument(path(e), e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("a tree in memory could not be read", e);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder("$");
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Reads a text with {@code parse}, whose {@link IllegalArgumentException} message is the problem's message. */
    private static <T> JsonDeserializer<T> scalar(Function<String, T> parse) {
        return new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                try {
                    return parse.apply(p.getValueAsString());
                } catch (IllegalArgumentException e) {
                    throw JsonMappingException.from(p, e.getMessage());
                }
            }
        };
    }

    private static Duration duration(String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration: expected e.g. PT15M");
        }
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown zone '" + text
                    + "': expected a region such as Europe/Berlin or an offset such as +01:00");
        }
    }

    private static URI url(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL: " + e.getReason());
        }
    }
}
