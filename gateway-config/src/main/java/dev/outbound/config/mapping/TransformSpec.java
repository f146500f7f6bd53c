package dev.outbound.config.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;
import java.util.Optional;

/**
 * A transform as a configuration document states it: its type name and its parameters. Parameters are kept as a
 * private copy of the JSON object, so a caller's later edits do not reach it. Immutable and thread-safe.
 *
 * @param type the registered name, e.g. {@code date} or a name the application registered
 * @param params the other members of the transform object
 */
public record TransformSpec(String type, ObjectNode params) {

    public TransformSpec {
        Objects.requireNonNull(type, "type");
        params = Objects.requireNonNull(params, "params").deepCopy();
    }

    /** A transform with no parameters. */
    public static TransformSpec of(String type) {
        return new TransformSpec(type, JsonNodeFactory.instance.objectNode());
    }

    /** A copy of the parameters (the record keeps its own). */
    @Override
    public ObjectNode params() {
        return params.deepCopy();
    }

    /** A text parameter, when present. */
    public Optional<String> text(String name) {
        JsonNode node = params.get(name);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }

    /** A parameter as a node, when present. */
    public Optional<JsonNode> param(String name) {
        JsonNode node = params.get(name);
        return node == null ? Optional.empty() : Optional.of(node.deepCopy());
    }

    /** A required text parameter. */
    public String requireText(String name) {
        return text(name).orElseThrow(() -> new IllegalArgumentException("transform '" + type + "' needs '" + name + "'"));
    }

    /** A boolean parameter, or {@code otherwise}. */
    public boolean flag(String name, boolean otherwise) {
        JsonNode node = params.get(name);
        return node == null ? otherwise : node.asBoolean(otherwise);
    }

    /** An integer parameter, when present. */
    public Optional<Integer> integer(String name) {
        JsonNode node = params.get(name);
        return node == null || !node.canConvertToInt() ? Optional.empty() : Optional.of(node.intValue());
    }
}
