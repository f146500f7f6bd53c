package dev.outbound.config.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The transforms every registry has, by name, and how they read values. Each factory checks its parameters when
 * the configuration is loaded and precomputes what it can (formatters, factors, lookup maps), so applying it to a
 * record does no parsing of configuration. The families live in {@link TextTransforms}, {@link DateTransforms},
 * {@link NumberTransforms} and {@link LookupTransforms}.
 */
final class BuiltinTransforms {

    static final Set<String> NAMES = Set.of("trim", "upper", "lower", "concat", "split", "date", "currency", "unit",
            "enum", "number");

    /** Keeps decimals as given (2.30 stays 2.30: the scale a currency transform set is part of the value). */
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Digits and exponent a number may have: past that, arithmetic on it could take minutes. */
    static final int MAX_DIGITS = 1000;

    private BuiltinTransforms() {
    }

    static Map<String, TransformFactory> factories(RateTable rates) {
        Map<String, TransformFactory> f = new HashMap<>();
        f.put("trim", TextTransforms::trim);
        f.put("upper", TextTransforms::upper);
        f.put("lower", TextTransforms::lower);
        f.put("concat", TextTransforms::concat);
        f.put("split", TextTransforms::split);
        f.put("date", DateTransforms::date);
        f.put("currency", spec -> NumberTransforms.currency(spec, rates));
        f.put("unit", NumberTransforms::unit);
        f.put("number", NumberTransforms::number);
        f.put("enum", LookupTransforms::enumMap);
        return f;
    }

    /** The text of a single value; the registry's wrapper names the transform in messages. */
    static String text(JsonNode value) {
        if (value.isValueNode()) {
            return value.asText();
        }
        throw new MappingException("expects a single value, got "
                + (value.isArray() ? "an array" : value.isObject() ? "an object" : "nothing"));
    }

    static BigDecimal decimal(JsonNode value) {
        if (value.isNumber()) {
            // A record built from Java objects can hold a double NaN or infinity, which decimalValue() cannot take.
            if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
                throw new MappingException("expects a finite number, got " + value.doubleValue());
            }
            return bounded(value.decimalValue());
        }
        try {
            return bounded(new BigDecimal(text(value).strip()));
        } catch (NumberFormatException e) {
            throw new MappingException("expects a number");
        }
    }

    /** {@code d}, unless its digits or exponent are past {@link #MAX_DIGITS}. */
    static BigDecimal bounded(BigDecimal d) {
        // "1e999999999" is a valid BigDecimal whose rescaling would take minutes and gigabytes: refuse it.
        if (d.precision() > MAX_DIGITS || Math.abs((long) d.scale()) > MAX_DIGITS) {
            throw new MappingException("got a number outside +-1e" + MAX_DIGITS);
        }
        return d;
    }
}
