package dev.outbound.config.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outbound.config.mapping.FieldPath;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Turns {@link FilterSpec} into {@link RecordFilter}; see {@link RecordFilter} for the rules. */
final class FilterCompiler {

    private static final int NOT_COMPARABLE = Integer.MIN_VALUE;

    /** A test on one present value. */
    @FunctionalInterface
    private interface ValueTest {
        boolean test(JsonNode value);
    }

    private FilterCompiler() {
    }

    static RecordFilter compile(FilterSpec spec) {
        if (spec instanceof FilterSpec.All all) {
            RecordFilter[] parts = compileAll(all.parts());
            return record -> {
                for (RecordFilter p : parts) {
                    if (!p.test(record)) {
                        return false;
                    }
                }
                return true;
            };
        }
        if (spec instanceof FilterSpec.Any any) {
            RecordFilter[] parts = compileAll(any.parts());
            return record -> {
                for (RecordFilter p : parts) {
                    if (p.test(record)) {
                        return true;
                    }
                }
                return false;
            };
        }
        return condition((FilterSpec.Condition) spec);
    }

    private static RecordFilter[] compileAll(List<FilterSpec> specs) {
        RecordFilter[] parts = new RecordFilter[specs.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = compile(specs.get(i));
        }
        return parts;
    }

    private static RecordFilter condition(FilterSpec.Condition c) {
        FieldPath path = FieldPath.parse(c.field());
        JsonNode operand = c.operand();
        if (c.operator() == FilterSpec.Operator.EXISTS) {
            if (!operand.isBoolean()) {
                throw new IllegalArgumentException("'exists' needs true or false");
            }
            boolean wanted = operand.booleanValue();
            return record -> anyValue(path, record, v -> true) == wanted;
        }
        ValueTest test = valueTest(c, operand);
        return record -> anyValue(path, record, test);
    }

    /** Whether any present value at {@code path} passes {@code test}. */
    private static boolean anyValue(FieldPath path, JsonNode record, ValueTest test) {
        if (path.wildcards() == 0) {
            JsonNode v = path.read(record);
            return present(v) && test.test(v);
        }
        List<JsonNode> values = new ArrayList<>();
        path.readAll(record, values);
        for (JsonNode v : values) {
            if (present(v) && test.test(v)) {
                return true;
            }
        }
        return false;
    }

    private static ValueTest valueTest(FilterSpec.Condition c, JsonNode operand) {
        switch (c.operator()) {
            case EQUALS:
                return v -> equal(v, operand);
            case IN: {
                if (!operand.isArray() || operand.isEmpty()) {
                    throw new IllegalArgumentException("'in' needs a non-empty array of values");
                }
                List<JsonNode> options = new ArrayList<>();
                operand.forEach(options::add);
                return v -> {
                    for (JsonNode o : options) {
                        if (equal(v, o)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            case GREATER_THAN:
                return compareWith(operand, r -> r > 0);
            case GREATER_THAN_OR_EQUAL:
                return compareWith(operand, r -> r >= 0);
            case LESS_THAN:
                return compareWith(operand, r -> r < 0);
            case LESS_THAN_OR_EQUAL:
                return compareWith(operand, r -> r <= 0);
            case MATCHES: {
                if (!operand.isTextual()) {
                    throw new IllegalArgumentException("'matches' needs a regular expression text");
                }
                Pattern pattern;
                try {
                    pattern = Pattern.compile(operand.textValue());
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("'matches' has an invalid regular expression: "
                            + e.getDescription() + " near index " + e.getIndex());
                }
                int max = c.maxInputLength();
                return v -> {
                    if (!v.isValueNode()) {
                        return false;
                    }
                    String s = v.asText();
                    return s.length() <= max && pattern.matcher(s).find();
                };
            }
            default:
                throw new IllegalStateException("operator without a test: " + c.operator());
        }
    }

    private static ValueTest compareWith(JsonNode operand, java.util.function.IntPredicate accept) {
        if (!operand.isNumber() && !operand.isTextual()) {
            throw new IllegalArgumentException("comparisons need a number or a text");
        }
        return v -> {
            int r = compare(v, operand);
            return r != NOT_COMPARABLE && accept.test(r);
        };
    }

    private static boolean present(JsonNode v) {
        return v != null && !v.isMissingNode() && !v.isNull();
    }

    static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            BigDecimal x = number(a);
            BigDecimal y = number(b);
            return x != null && y != null && x.compareTo(y) == 0;
        }
        return a.equals(b);
    }

    static int compare(JsonNode a, JsonNode b) {
        if (a.isNumber() || b.isNumber()) {
            BigDecimal x = number(a);
            BigDecimal y = number(b);
            return x == null || y == null ? NOT_COMPARABLE : x.compareTo(y);
        }
        if (a.isTextual() && b.isTextual()) {
            return Integer.signum(a.textValue().compareTo(b.textValue()));
        }
        return NOT_COMPARABLE;
    }

    /** The value of a number, or of a text that is one; null for anything else, NaN and the infinities included. */
    private static BigDecimal number(JsonNode n) {
        if (n.isNumber()) {
            // A record built from Java objects can hold a double NaN or infinity, which decimalValue() cannot take.
            boolean floating = n.isDouble() || n.isFloat();
            return floating && !Double.isFinite(n.doubleValue()) ? null : n.decimalValue();
        }
        // Bounded: a text of digits thousands long is not a number anyone compares with.
        if (n.isTextual() && n.textValue().length() <= 100) {
            try {
                return new BigDecimal(n.textValue().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
