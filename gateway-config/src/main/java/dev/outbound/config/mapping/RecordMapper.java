package dev.outbound.config.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbound.errors.SafeText;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Applies one integration's field mappings to records: a source record in, a new target record out. Compiled once
 * from the configuration ({@link #compile}): paths are parsed and transforms built then, so mapping a record walks
 * arrays of precompiled steps with no parsing and no reflection. Immutable and thread-safe; one instance serves
 * every thread.
 *
 * <p>Rules, in the order they apply to each mapping:
 * <ul>
 *   <li>The source is read at its path. Missing, {@code null} and {@code ""} count as empty; an empty source takes
 *       the mapping's default as it is (transforms are not applied to defaults), and without a default the target
 *       is left out.</li>
 *   <li>With several {@code sources} the transforms receive an array of their values (empty ones as {@code null});
 *       the mapping is empty only when every source is.</li>
 *   <li>A source with {@code [*]} yields one value per element. If the target also has one {@code [*]} the values
 *       go element by element (with the default applied per element); if the target has none, they are written as
 *       one array.</li>
 *   <li>A transform that fails, in any way short of a JVM error, fails the whole record with a
 *       {@link MappingException} that names the mapping (its sources and target) and the transform; the sync's
 *       error preference decides what happens next.</li>
 * </ul>
 * Numbers in source records keep their precision only if the records were parsed with exact decimals
 * ({@code DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS}); the mapper itself never goes through {@code double}.
 */
public final class RecordMapper {

    private static final RecordMapper IDENTITY_EMPTY = new RecordMapper(new Compiled[0]);

    private final Compiled[] mappings;

    private RecordMapper(Compiled[] mappings) {
        this.mappings = mappings;
    }

    /** A mapper with no mappings: every record maps to an empty object. */
    public static RecordMapper empty() {
        return IDENTITY_EMPTY;
    }

    /**
     * Compiles mappings with the transforms of {@code registry}.
     *
     * @throws InvalidMappingException naming the first mapping and member that is wrong
     */
    public static RecordMapper compile(List<FieldMapping> mappings, TransformRegistry registry) {
        Objects.requireNonNull(mappings, "mappings");
        Objects.requireNonNull(registry, "registry");
        Compiled[] compiled = new Compiled[mappings.size()];
        Set<String> targets = new HashSet<>();
        for (int i = 0; i < compiled.length; i++) {
            FieldMapping m = mappings.get(i);
            compiled[i] = compileOne(i, m, registry);
            if (!targets.add(m.target())) {
                throw new InvalidMappingException(i, "target", "'" + m.target() + "' is the target of an earlier mapping too");
            }
        }
        return new RecordMapper(compiled);
    }

    private static Compiled compileOne(int i, FieldMapping m, TransformRegistry registry) {
        FieldPath[] sources = new FieldPath[m.sources().size()];
        for (int s = 0; s < sources.length; s++) {
            String member = sources.length == 1 ? "source" : "sources[" + s + "]";
            sources[s] = parse(i, member, m.sources().get(s));
        }
        FieldPath target = parse(i, "target", m.target());
        int sourceWildcards = 0;
        for (FieldPath p : sources) {
            sourceWildcards += p.wildcards();
        }
        if (sources.length > 1 && sourceWildcards > 0) {
            throw new InvalidMappingException(i, "sources", "[*] is not supported with several sources");
        }
        if (target.wildcards() > 1) {
            throw new InvalidMappingException(i, "target", "at most one [*] is supported in a target");
        }
        if (target.wildcards() == 1 && sourceWildcards == 0) {
            throw new InvalidMappingException(i, "target", "a target with [*] needs a source with [*]");
        }
        if (target.wildcards() == 1 && sourceWildcards > 1) {
            throw new InvalidMappingException(i, "target", "a source with several [*] can only go to a target without [*]");
        }
        Transform transform = null;
        List<TransformSpec> specs = m.transforms();
        for (int t = 0; t < specs.size(); t++) {
            Transform next;
            try {
                next = registry.create(specs.get(t));
            } catch (IllegalArgumentException e) {
                String member = specs.size() == 1 ? "transform" : "transform[" + t + "]";
                throw new InvalidMappingException(i, member, e.getMessage());
            }
            transform = transform == null ? next : transform.andThen(next);
        }
        return new Compiled(i, sources, target, transform, m.defaultValue().orElse(null), sourceWildcards > 0);
    }

    private static FieldPath parse(int i, String member, String path) {
        try {
            return FieldPath.parse(path);
        } catch (IllegalArgumentException e) {
            throw new InvalidMappingException(i, member, e.getMessage());
        }
    }

    /** A fresh record of which of this mapper's sources a run's records have; one per run. */
    public SourceSightings sightings() {
        List<Integer> owners = new ArrayList<>();
        List<FieldPath> paths = new ArrayList<>();
        for (Compiled m : mappings) {
            for (FieldPath p : m.sources) {
                owners.add(m.index);
                paths.add(p);
            }
        }
        return new SourceSightings(owners.stream().mapToInt(Integer::intValue).toArray(),
                paths.toArray(new FieldPath[0]));
    }

    /** How many mappings this mapper applies. */
    public int size() {
        return mappings.length;
    }

    /**
     * Maps one record.
     *
     * @throws MappingException naming the mapping that failed and its transform, for any {@link RuntimeException}
     *         on the way (the record's values appear only as a transform's own message put them, made safe)
     */
    public ObjectNode apply(JsonNode record) {
        Objects.requireNonNull(record, "record");
        ObjectNode out = BuiltinTransforms.NODES.objectNode();
        for (Compiled m : mappings) {
            try {
                m.apply(record, out);
            } catch (MappingException e) {
                throw new MappingException(m.describe() + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                MappingException failure = new MappingException(m.describe() + ": failed: " + SafeText.untrusted(e));
                failure.setStackTrace(e.getStackTrace());
                throw failure;
            }
        }
        return out;
    }

    private static boolean isEmpty(JsonNode v) {
        return v == null || v.isMissingNode() || v.isNull() || (v.isTextual() && v.textValue().isEmpty());
    }

    /** One precompiled mapping; the branches are chosen from its shape, decided at compile time. */
    private static final class Compiled {
        final int index;
        final FieldPath[] sources;
        final FieldPath target;
        final Transform transform;
        final JsonNode defaultValue;
        final boolean fromMany;

        Compiled(int index, FieldPath[] sources, FieldPath target, Transform transform, JsonNode defaultValue,
                 boolean fromMany) {
            this.index = index;
            this.sources = sources;
            this.target = target;
            this.transform = transform;
            this.defaultValue = defaultValue;
            this.fromMany = fromMany;
        }

        /** E.g. {@code mapping 2 (source 'amount', target 'total')}: where a failure happened, without values. */
        String describe() {
            StringBuilder s = new StringBuilder("mapping ").append(index).append(" (");
            if (sources.length == 1) {
                s.append("source '").append(sources[0]).append("', ");
            } else if (sources.length > 1) {
                s.append("sources ");
                for (FieldPath p : sources) {
                    s.append('\'').append(p).append("', ");
                }
            }
            return s.append("target '").append(target).append("')").toString();
        }

        void apply(JsonNode record, ObjectNode out) {
            if (fromMany) {
                applyMany(record, out);
                return;
            }
            JsonNode value = read(record);
            JsonNode result = convert(value);
            if (result != null) {
                target.write(out, result, 0);
            }
        }

        private JsonNode read(JsonNode record) {
            if (sources.length == 0) {
                return null;
            }
            if (sources.length == 1) {
                return sources[0].read(record);
            }
            ArrayNode values = BuiltinTransforms.NODES.arrayNode(sources.length);
            boolean any = false;
            for (FieldPath source : sources) {
                JsonNode v = source.read(record);
                if (isEmpty(v)) {
                    values.add(NullNode.getInstance());
                } else {
                    values.add(v);
                    any = true;
                }
            }
            return any ? values : null;
        }

        /** The value to write, or null to leave the target out. */
        private JsonNode convert(JsonNode value) {
            if (isEmpty(value)) {
                return defaultValue == null ? null : defaultValue.deepCopy();
            }
            JsonNode result = transform == null ? value : transform.apply(value);
            // Never hand out a node that is shared with the source record or a transform's table.
            return result.isContainerNode() ? result.deepCopy() : result;
        }

        private void applyMany(JsonNode record, ObjectNode out) {
            List<JsonNode> values = new ArrayList<>();
            sources[0].readAll(record, values);
            if (target.wildcards() == 1) {
                for (int e = 0; e < values.size(); e++) {
                    JsonNode result = convert(values.get(e));
                    if (result != null) {
                        target.write(out, result, e);
                    }
                }
                return;
            }
            if (values.isEmpty()) {
                if (defaultValue != null) {
                    target.write(out, defaultValue.deepCopy(), 0);
                }
                return;
            }
            ArrayNode array = BuiltinTransforms.NODES.arrayNode(values.size());
            for (JsonNode v : values) {
                JsonNode result = convert(v);
                array.add(result == null ? NullNode.getInstance() : result);
            }
            target.write(out, array, 0);
        }
    }
}
