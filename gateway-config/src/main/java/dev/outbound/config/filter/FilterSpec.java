package dev.outbound.config.filter;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Objects;

/**
 * Filter criteria as configured: conditions on fields combined with {@code all} and {@code any}. Deliberately no
 * negation of arbitrary trees, no arithmetic and no references between fields: past comparisons on single fields,
 * a filter belongs in code. Immutable and thread-safe; compile with {@link RecordFilter#compile}.
 */
public sealed interface FilterSpec {

    /** Every part must hold (an empty list holds). */
    record All(List<FilterSpec> parts) implements FilterSpec {
        public All {
            parts = List.copyOf(Objects.requireNonNull(parts, "parts"));
        }
    }

    /** At least one part must hold (an empty list does not). */
    record Any(List<FilterSpec> parts) implements FilterSpec {
        public Any {
            parts = List.copyOf(Objects.requireNonNull(parts, "parts"));
        }
    }

    /**
     * A comparison on one field.
     *
     * @param field path of the field; with {@code [*]} the condition holds if it holds for any element
     * @param operator what to compare
     * @param operand the value compared with ({@code true}/{@code false} for {@link Operator#EXISTS}, an array for
     *                {@link Operator#IN}, a regular expression text for {@link Operator#MATCHES})
     * @param maxInputLength for {@link Operator#MATCHES}: longer values never match and are not scanned
     */
    record Condition(String field, Operator operator, JsonNode operand, int maxInputLength) implements FilterSpec {
        /** The input length {@code matches} scans when the configuration does not say. */
        public static final int DEFAULT_MAX_INPUT_LENGTH = 1_000;

        public Condition {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(operator, "operator");
            operand = Objects.requireNonNull(operand, "operand").deepCopy();
            if (maxInputLength < 1) {
                throw new IllegalArgumentException("maxInputLength must be positive, was " + maxInputLength);
            }
        }

        public Condition(String field, Operator operator, JsonNode operand) {
            this(field, operator, operand, DEFAULT_MAX_INPUT_LENGTH);
        }

        @Override
        public JsonNode operand() {
            return operand.deepCopy();
        }
    }

    /** The comparisons, with the names the configuration uses. */
    enum Operator {
        EQUALS("equals"),
        IN("in"),
        GREATER_THAN("greaterThan"),
        GREATER_THAN_OR_EQUAL("greaterThanOrEqual"),
        LESS_THAN("lessThan"),
        LESS_THAN_OR_EQUAL("lessThanOrEqual"),
        EXISTS("exists"),
        MATCHES("matches");

        private final String configName;

        Operator(String configName) {
            this.configName = configName;
        }

        /** The member name in a configuration document. */
        public String configName() {
            return configName;
        }

        /** The operator a member name stands for. */
        public static java.util.Optional<Operator> fromConfigName(String name) {
            for (Operator op : values()) {
                if (op.configName.equals(name)) {
                    return java.util.Optional.of(op);
                }
            }
            return java.util.Optional.empty();
        }
    }
}
