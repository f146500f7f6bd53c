package dev.outbound.errors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * Jackson set up for reading untrusted provider error bodies: nesting depth, string, number, name and document
 * lengths are capped (see the constants), so a hostile body fails fast instead of exhausting the stack or memory.
 * Field names are not interned into a shared symbol table, so random names cannot grow it.
 *
 * <p>Stateless; the factory and mapper it hands out are new each time and thread-safe once built.
 */
public final class SafeJson {
    /** Deepest nesting accepted. Error bodies are shallow; Jackson's own default (1000) is for documents. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Longest string value accepted, in characters. */
    public static final int MAX_STRING_LENGTH = 1024 * 1024;
    /** Longest field name accepted, in characters. */
    public static final int MAX_NAME_LENGTH = 1024;
    /** Longest number accepted, in characters. */
    public static final int MAX_NUMBER_LENGTH = 100;
    /** Largest document accepted, in bytes or characters. */
    public static final long MAX_DOCUMENT_LENGTH = 8L * 1024 * 1024;

    private SafeJson() {
    }

    /** The read limits above. */
    public static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxDocumentLength(MAX_DOCUMENT_LENGTH)
                .build();
    }

    /** A new factory with the read limits and without field-name canonicalization. */
    public static JsonFactory newFactory() {
        return JsonFactory.builder()
                .streamReadConstraints(constraints())
                .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .build();
    }

    /** A new mapper over {@link #newFactory()}, for adapters that bind error bodies to their own types. */
    public static ObjectMapper newMapper() {
        return new ObjectMapper(newFactory()).disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    }

    /** The body as a JSON tree, or empty when it is not JSON or breaks a limit. Never throws. */
    public static Optional<JsonNode> readTree(byte[] body) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(newMapper().readTree(body)).filter(n -> !n.isMissingNode());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
