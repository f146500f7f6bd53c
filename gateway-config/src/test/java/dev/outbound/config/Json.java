package dev.outbound.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test helpers for JSON text. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Json() {
    }

    /** Parses JSON, accepting single quotes for readability in tests. */
    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static String resource(String name) {
        try (InputStream in = Json.class.getResourceAsStream("/configs/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A minimal valid document for {@code customer}, with extra top-level members spliced in. */
    public static String doc(String customer, String integration, String extra) {
        return """
                {"schemaVersion": 1, "customer": "%s", "integration": "%s", "provider": "hubspot",
                 "credentialRef": "vault:%s/hubspot", "direction": "inbound",
                 "schedule": {"type": "interval", "every": "PT10M"}%s}
                """.formatted(customer, integration, customer, extra.isEmpty() ? "" : ", " + extra);
    }
}
