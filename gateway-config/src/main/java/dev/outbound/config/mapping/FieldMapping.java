package dev.outbound.config.mapping;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One field mapping as configured: where the value comes from, where it goes, the transforms on the way and the
 * default for an empty source. A custom field is an ordinary mapping whose target (or source) is the custom field's
 * name. Immutable and thread-safe; paths are checked when a {@link RecordMapper} is compiled.
 *
 * @param sources one source path, several (their values reach the transforms as an array, e.g. for
 *                {@code concat}), or none for a constant taken from the default
 * @param target the target path
 * @param transforms applied in order to a non-empty source value
 * @param defaultValue written as it is (without transforms) when the source is missing, null or {@code ""}
 */
public record FieldMapping(List<String> sources, String target, List<TransformSpec> transforms,
                           Optional<JsonNode> defaultValue) {

    public FieldMapping {
        sources = List.copyOf(Objects.requireNonNull(sources, "sources"));
        Objects.requireNonNull(target, "target");
        transforms = List.copyOf(Objects.requireNonNull(transforms, "transforms"));
        defaultValue = Objects.requireNonNull(defaultValue, "defaultValue").map(JsonNode::deepCopy);
        if (sources.isEmpty() && defaultValue.isEmpty()) {
            throw new IllegalArgumentException("mapping to '" + target + "' needs a source, sources or a default");
        }
    }

    /** {@code source} to {@code target}, unchanged. */
    public static FieldMapping of(String source, String target) {
        return new FieldMapping(List.of(source), target, List.of(), Optional.empty());
    }

    /** This mapping with one more transform at the end. */
    public FieldMapping withTransform(TransformSpec transform) {
        List<TransformSpec> more = new java.util.ArrayList<>(transforms);
        more.add(transform);
        return new FieldMapping(sources, target, more, defaultValue);
    }

    /** This mapping with a default for an empty source. */
    public FieldMapping withDefault(JsonNode value) {
        return new FieldMapping(sources, target, transforms, Optional.of(value));
    }

    @Override
    public Optional<JsonNode> defaultValue() {
        return defaultValue.map(JsonNode::deepCopy);
    }
}
