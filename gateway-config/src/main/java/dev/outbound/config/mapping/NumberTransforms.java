package dev.outbound.config.mapping;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.ParsePosition;
import java.util.Currency;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.outbound.config.mapping.BuiltinTransforms.MAX_DIGITS;
import static dev.outbound.config.mapping.BuiltinTransforms.NODES;
import static dev.outbound.config.mapping.BuiltinTransforms.bounded;
import static dev.outbound.config.mapping.BuiltinTransforms.decimal;
import static dev.outbound.config.mapping.BuiltinTransforms.text;

/** The built-in number transforms: {@code currency}, {@code unit} and {@code number}. */
final class NumberTransforms {

    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");

    private NumberTransforms() {
    }

    static Transform currency(TransformSpec spec, RateTable rates) {
        String to = currencyCode(spec.requireText("to"), "to");
        Optional<String> from = spec.text("from").map(c -> currencyCode(c, "from"));
        int scale = scale(spec).orElse(Math.max(0, Currency.getInstance(to).getDefaultFractionDigits()));
        RoundingMode rounding = rounding(spec);
        return value -> {
            BigDecimal amount;
            String source;
            // [amount, code] comes from "sources": the record says which currency each amount is in.
            if (value.isArray()) {
                if (value.size() != 2) {
                    throw new MappingException("expects [amount, currency] from two sources");
                }
                amount = decimal(value.get(0));
                source = text(value.get(1)).strip().toUpperCase(Locale.ROOT);
            } else {
                amount = decimal(value);
                source = from.orElseThrow(() -> new MappingException("has no 'from' and no currency source"));
            }
            // A code read from the record is named only when it has the shape of one: anything else could be any text.
            if (!CURRENCY_CODE.matcher(source).matches()) {
                throw new MappingException("got a currency source that is not an ISO 4217 code");
            }
            BigDecimal rate = rates.rate(source, to).orElseThrow(() -> new MappingException(
                    "has no rate from " + source + " to " + to));
            return NODES.numberNode(rescale(amount.multiply(rate), scale, rounding));
        };
    }

    private static String currencyCode(String code, String param) {
        try {
            return Currency.getInstance(code).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transform 'currency' has an unknown '" + param + "' currency '" + code
                    + "': expected an ISO 4217 code such as EUR");
        }
    }

    static Transform unit(TransformSpec spec) {
        String from = spec.requireText("from");
        String to = spec.requireText("to");
        Units.Unit a = Units.require(from);
        Units.Unit b = Units.require(to);
        if (!a.dimension().equals(b.dimension())) {
            throw new IllegalArgumentException("transform 'unit' cannot convert " + a.dimension() + " (" + from + ") to "
                    + b.dimension() + " (" + to + ")");
        }
        Optional<Integer> scale = scale(spec);
        RoundingMode rounding = rounding(spec);
        return value -> {
            BigDecimal converted = Units.convert(decimal(value), from, to);
            return NODES.numberNode(scale.isPresent() ? rescale(converted, scale.get(), rounding)
                    : converted.stripTrailingZeros());
        };
    }

    static Transform number(TransformSpec spec) {
        Optional<String> pattern = spec.text("pattern");
        Optional<String> parsePattern = spec.text("parsePattern");
        Locale locale = locale(spec, "locale");
        Locale parseLocale = spec.text("parseLocale").isPresent() ? locale(spec, "parseLocale") : locale;
        Optional<Integer> scale = scale(spec);
        RoundingMode rounding = rounding(spec);
        DecimalFormat writeFormat = pattern.map(p -> format(p, locale, rounding)).orElse(null);
        DecimalFormat readFormat = parsePattern.map(p -> format(p, parseLocale, rounding)).orElse(null);
        if (readFormat != null) {
            readFormat.setParseBigDecimal(true);
        }
        // DecimalFormat is not thread-safe; one copy per thread keeps the hot path free of allocation and locks.
        ThreadLocal<DecimalFormat> writer = writeFormat == null ? null
                : ThreadLocal.withInitial(() -> (DecimalFormat) writeFormat.clone());
        ThreadLocal<DecimalFormat> reader = readFormat == null ? null
                : ThreadLocal.withInitial(() -> (DecimalFormat) readFormat.clone());
        return value -> {
            BigDecimal number;
            if (reader != null && !value.isNumber()) {
                String s = text(value).strip();
                ParsePosition position = new ParsePosition(0);
                Number parsed = reader.get().parse(s, position);
                if (parsed == null || position.getIndex() != s.length()) {
                    throw new MappingException("could not read the value with its parsePattern");
                }
                // setParseBigDecimal(true) still returns a Double for NaN and the infinities, which no BigDecimal
                // can hold.
                if (!(parsed instanceof BigDecimal d)) {
                    throw new MappingException("read a value that is not a finite number (" + parsed + ")");
                }
                number = bounded(d);
            } else {
                number = decimal(value);
            }
            if (scale.isPresent()) {
                number = rescale(number, scale.get(), rounding);
            }
            if (writer == null) {
                return NODES.numberNode(number);
            }
            try {
                return NODES.textNode(writer.get().format(number));
            } catch (ArithmeticException e) {
                throw new MappingException("cannot write the value with its pattern without rounding, and rounding is "
                        + rounding);
            }
        };
    }

    private static DecimalFormat format(String pattern, Locale locale, RoundingMode rounding) {
        try {
            DecimalFormat format = new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(locale));
            format.setRoundingMode(rounding);
            return format;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transform 'number' has an invalid pattern '" + pattern
                    + "': expected a java.text.DecimalFormat pattern such as #,##0.00");
        }
    }

    private static Locale locale(TransformSpec spec, String param) {
        String tag = spec.text(param).orElse("en");
        Locale locale = Locale.forLanguageTag(tag);
        if (locale.getLanguage().isEmpty()) {
            throw new IllegalArgumentException("transform 'number' has an invalid '" + param + "' '" + tag
                    + "': expected a language tag such as de-DE");
        }
        return locale;
    }

    /** The {@code scale} parameter, bounded like the numbers themselves so that rescaling stays cheap. */
    private static Optional<Integer> scale(TransformSpec spec) {
        Optional<Integer> scale = spec.integer("scale");
        if (scale.isPresent() && Math.abs(scale.get()) > MAX_DIGITS) {
            throw new IllegalArgumentException("transform '" + spec.type() + "' has a 'scale' of " + scale.get()
                    + ": expected -" + MAX_DIGITS + " to " + MAX_DIGITS);
        }
        return scale;
    }

    private static RoundingMode rounding(TransformSpec spec) {
        String mode = spec.text("rounding").orElse("HALF_EVEN");
        try {
            return RoundingMode.valueOf(mode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown rounding '" + mode + "': expected one of "
                    + java.util.Arrays.toString(RoundingMode.values()));
        }
    }

    /** {@code d} at {@code scale}; rounding {@code UNNECESSARY} makes a value that would need rounding a failure. */
    private static BigDecimal rescale(BigDecimal d, int scale, RoundingMode rounding) {
        try {
            return d.setScale(scale, rounding);
        } catch (ArithmeticException e) {
            throw new MappingException("needs rounding to " + scale + " decimals, and rounding is " + rounding);
        }
    }
}
