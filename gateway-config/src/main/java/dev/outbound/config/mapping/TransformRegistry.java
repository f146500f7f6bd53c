package dev.outbound.config.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outbound.errors.SafeText;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The transforms a configuration may name: the built-in ones ({@code trim upper lower concat split date currency
 * unit enum number}) and the ones the application registers in Java. Registering is how custom logic enters a
 * mapping: a configuration can only name a transform, never define one. Built once with {@link #builder()};
 * immutable and thread-safe.
 *
 * <pre>{@code
 * TransformRegistry transforms = TransformRegistry.builder()
 *         .rateTable(rates)
 *         .register("maskEmail", value -> TextNode.valueOf(mask(value.asText())))
 *         .registerFactory("prefix", spec -> {
 *             String prefix = spec.requireText("with");       // checked once, when the configuration loads
 *             return value -> TextNode.valueOf(prefix + value.asText());
 *         })
 *         .build();
 * }</pre>
 */
public final class TransformRegistry {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

    private final Map<String, TransformFactory> factories;

    private TransformRegistry(Map<String, TransformFactory> factories) {
        this.factories = Map.copyOf(factories);
    }

    /** The built-in transforms, with no exchange rates. */
    public static TransformRegistry builtins() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The names a configuration may use. */
    public Set<String> names() {
        return new java.util.TreeSet<>(factories.keySet());
    }

    public Optional<TransformFactory> find(String name) {
        return Optional.ofNullable(factories.get(name));
    }

    /**
     * Builds the transform a spec describes. Whatever the transform does wrong with one value comes out of the
     * returned transform as a {@link MappingException} that names it ({@code transform 'maskEmail': ...}): a
     * {@code MappingException} of its own, any other {@link RuntimeException} (with its class and a safe, bounded
     * copy of its message), and a {@code null} result. JVM errors pass through.
     *
     * @throws IllegalArgumentException for an unknown name (listing the known ones) or bad parameters
     */
    public Transform create(TransformSpec spec) {
        TransformFactory factory = factories.get(spec.type());
        if (factory == null) {
            throw new IllegalArgumentException("unknown transform '" + spec.type() + "': expected one of " + names());
        }
        Transform transform = factory.create(spec);
        if (transform == null) {
            throw new IllegalStateException("transform factory '" + spec.type() + "' returned null");
        }
        return named(spec.type(), transform);
    }

    private static Transform named(String name, Transform transform) {
        return value -> {
            JsonNode result;
            try {
                result = transform.apply(value);
            } catch (MappingException e) {
                throw new MappingException("transform '" + name + "': " + SafeText.untrusted(e.getMessage()));
            } catch (RuntimeException e) {
                // Not chained: the cause's message is the unsafe text this message stands in for. Its stack trace is
                // kept, because it is what finds the bug in the transform.
                MappingException failure = new MappingException("transform '" + name + "' failed: "
                        + SafeText.untrusted(e));
                failure.setStackTrace(e.getStackTrace());
                throw failure;
            }
            if (result == null) {
                throw new MappingException("transform '" + name + "' returned null instead of a value");
            }
            return result;
        };
    }

    /** Collects transforms; not thread-safe. */
    public static final class Builder {
        private final Map<String, TransformFactory> custom = new TreeMap<>();
        private RateTable rateTable = RateTable.none();

        private Builder() {
        }

        /** Where the {@code currency} transform finds its rates; none by default. */
        public Builder rateTable(RateTable rateTable) {
            this.rateTable = Objects.requireNonNull(rateTable, "rateTable");
            return this;
        }

        /**
         * Registers a named transform built from its parameters.
         *
         * @throws IllegalArgumentException if the name is malformed, built in, or registered already
         */
        public Builder registerFactory(String name, TransformFactory factory) {
            Objects.requireNonNull(factory, "factory");
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("transform name must match " + NAME + ", was " + name);
            }
            if (BuiltinTransforms.NAMES.contains(name)) {
                throw new IllegalArgumentException("transform name '" + name + "' is built in and cannot be replaced");
            }
            if (custom.putIfAbsent(name, factory) != null) {
                throw new IllegalArgumentException("transform '" + name + "' is registered already");
            }
            return this;
        }

        /** Registers a named transform that takes no parameters. */
        public Builder register(String name, Transform transform) {
            Objects.requireNonNull(transform, "transform");
            TransformFactory fixed = spec -> transform;
            return registerFactory(name, fixed);
        }

        public TransformRegistry build() {
            Map<String, TransformFactory> all = new TreeMap<>(BuiltinTransforms.factories(rateTable));
            all.putAll(custom);
            return new TransformRegistry(all);
        }
    }
}
