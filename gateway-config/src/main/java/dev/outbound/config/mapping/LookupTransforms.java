package dev.outbound.config.mapping;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static dev.outbound.config.mapping.BuiltinTransforms.NODES;
import static dev.outbound.config.mapping.BuiltinTransforms.text;

/** The built-in lookup transform {@code enum}: maps each configured value to another. */
final class LookupTransforms {

    private LookupTransforms() {
    }

    static Transform enumMap(TransformSpec spec) {
        boolean ignoreCase = spec.flag("ignoreCase", false);
        JsonNode values = spec.param("values").orElseThrow(() -> new IllegalArgumentException("transform 'enum' needs 'values'"));
        if (!values.isObject() || values.isEmpty()) {
            throw new IllegalArgumentException("transform 'enum' needs 'values' as a non-empty object");
        }
        Map<String, JsonNode> map = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : values.properties()) {
            String key = ignoreCase ? e.getKey().toLowerCase(Locale.ROOT) : e.getKey();
            if (map.put(key, e.getValue()) != null) {
                throw new IllegalArgumentException("transform 'enum' maps '" + e.getKey() + "' twice when case is ignored");
            }
        }
        Map<String, JsonNode> lookup = Map.copyOf(map);
        Optional<JsonNode> fallback = spec.param("fallback");
        int size = lookup.size();
        return value -> {
            String key = text(value);
            JsonNode mapped = lookup.get(ignoreCase ? key.toLowerCase(Locale.ROOT) : key);
            if (mapped != null) {
                return mapped;
            }
            return fallback.orElseThrow(() -> new MappingException(
                    "has no entry for the value among its " + size + " values and no fallback"));
        };
    }
}
