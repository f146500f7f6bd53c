package dev.outbound.config.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.ParsePosition;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Currency;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The transforms every registry has. Each factory checks its parameters when the configuration is loaded and
 * precomputes what it can (formatters, factors, lookup maps), so applying it to a record does no parsing of
 * configuration.
 */
final class BuiltinTransforms {

    static final Set<String> NAMES = Set.of("trim", "upper", "lower", "concat", "split", "date", "currency", "unit",
            "enum", "number");

    /** Keeps decimals as given (2.30 stays 2.30: the scale a currency transform set is part of the value). */
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * ISO dates with an optional time, optional offset and optional region, e.g. 2026-03-01, 2026-03-01T10:00Z,
     * 2026-03-01T10:00:00.000+0000.
     */
    private static final DateTimeFormatter ISO_FLEXIBLE = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral('T')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            // +01:00 and Z, and +0100 as Salesforce writes it.
            .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendLiteral('[').parseCaseSensitive().appendZoneRegionId().appendLiteral(']').optionalEnd()
            .optionalEnd()
            .toFormatter(Locale.ROOT);

    private static final int MAX_DIGITS = 1000;

    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");

    private static final ZonedDateTime SAMPLE = ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);

    private BuiltinTransforms() {
    }

    static Map<String, TransformFactory> factories(RateTable rates) {
        Map<String, TransformFactory> f = new HashMap<>();
        f.put("trim", spec -> value -> NODES.textNode(text(value).strip()));
        f.put("upper", spec -> value -> NODES.textNode(text(value).toUpperCase(Locale.ROOT)));
        f.put("lower", spec -> value -> NODES.textNode(text(value).toLowerCase(Locale.ROOT)));
        f.put("concat", BuiltinTransforms::concat);
        f.put("split", BuiltinTransforms::split);
        f.put("date", BuiltinTransforms::date);
        f.put("currency", spec -> currency(spec, rates));
        f.put("unit", BuiltinTransforms::unit);
        f.put("enum", BuiltinTransforms::enumMap);
        f.put("number", BuiltinTransforms::number);
        return f;
    }

    // ---- strings -------------------------------------------------------------------------------------------

    private static Transform concat(TransformSpec spec) {
        String separator = spec.text("separator").orElse("");
        boolean skipEmpty = spec.flag("skipEmpty", true);
        return value -> {
            if (!value.isArray()) {
                return NODES.textNode(text(value));
            }
            StringBuilder sb = new StringBuilder();
            boolean first = true;
            for (JsonNode element : value) {
                String part = element.isMissingNode() || element.isNull() ? "" : text(element);
                if (skipEmpty && part.isEmpty()) {
                    continue;
                }
                if (!first) {
                    sb.append(separator);
                }
                sb.append(part);
                first = false;
            }
            return NODES.textNode(sb.toString());
        };
    }

    private static Transform split(TransformSpec spec) {
        String separator = spec.requireText("separator");
        if (separator.isEmpty()) {
            throw new IllegalArgumentException("transform 'split' needs a non-empty 'separator'");
        }
        int limit = spec.integer("limit").orElse(0);
        boolean trim = spec.flag("trim", false);
        return value -> {
            String s = text(value);
            ArrayNode parts = NODES.arrayNode();
            int from = 0;
            // A literal separator, not a regex: configuration must not be able to smuggle in a pathological pattern.
            while (true) {
                int at = s.indexOf(separator, from);
                if (at < 0 || (limit > 0 && parts.size() == limit - 1)) {
                    parts.add(trim ? s.substring(from).strip() : s.substring(from));
                    return parts;
                }
                String part = s.substring(from, at);
                parts.add(trim ? part.strip() : part);
                from = at + separator.length();
            }
        };
    }

    // ---- dates ---------------------------------------------------------------------------------------------

    private static Transform date(TransformSpec spec) {
        String from = spec.text("from").orElse("iso");
        String to = spec.text("to").orElse("iso");
        ZoneId fromZone = zone(spec, "fromZone");
        ZoneId toZone = zone(spec, "toZone");
        DateParser parser = parser(from, fromZone);
        DateWriter writer = writer(to);
        return value -> {
            ZonedDateTime parsed;
            try {
                parsed = parser.parse(value);
            } catch (DateTimeException | ArithmeticException e) {
                throw new MappingException("could not read the value as '" + from + "'");
            }
            // A date that was read can still be out of range once moved to another zone or written as epoch
            // milliseconds (year 999999999 at +18:00, or past the year 292278994).
            try {
                return writer.write(parsed.withZoneSameInstant(toZone));
            } catch (DateTimeException | ArithmeticException e) {
                throw new MappingException("read a date that cannot be written as '" + to + "' in " + toZone);
            }
        };
    }

    private interface DateParser {
        ZonedDateTime parse(JsonNode value);
    }

    private interface DateWriter {
        JsonNode write(ZonedDateTime value);
    }

    private static DateParser parser(String from, ZoneId zone) {
        switch (from) {
            case "epochMillis":
                return v -> Instant.ofEpochMilli(epoch(v)).atZone(zone);
            case "epochSeconds":
                return v -> Instant.ofEpochSecond(epoch(v)).atZone(zone);
            case "iso":
                return v -> resolve(ISO_FLEXIBLE.parse(text(v).strip()), zone);
            default:
                DateTimeFormatter f = pattern(from, "from");
                return v -> resolve(f.parse(text(v).strip()), zone);
        }
    }

    private static DateWriter writer(String to) {
        switch (to) {
            case "epochMillis":
                return z -> NODES.numberNode(z.toInstant().toEpochMilli());
            case "epochSeconds":
                return z -> NODES.numberNode(z.toEpochSecond());
            case "iso":
                return z -> NODES.textNode(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(z));
            case "isoDate":
                return z -> NODES.textNode(DateTimeFormatter.ISO_LOCAL_DATE.format(z));
            case "isoInstant":
                return z -> NODES.textNode(DateTimeFormatter.ISO_INSTANT.format(z));
            default:
                DateTimeFormatter f = pattern(to, "to");
                try {
                    f.format(SAMPLE);
                } catch (DateTimeException e) {
                    throw new IllegalArgumentException("transform 'date' cannot write pattern '" + to + "': " + e.getMessage());
                }
                return z -> NODES.textNode(f.format(z));
        }
    }

    /** A date, a date-time, or a date-time with offset or zone; a missing zone means {@code zone}, a missing time midnight. */
    private static ZonedDateTime resolve(TemporalAccessor t, ZoneId zone) {
        LocalDate date = t.query(TemporalQueries.localDate());
        if (date == null) {
            throw new DateTimeException("no date");
        }
        LocalTime time = t.query(TemporalQueries.localTime());
        ZoneId parsedZone = t.query(TemporalQueries.zone());
        return ZonedDateTime.of(date, time == null ? LocalTime.MIDNIGHT : time, parsedZone == null ? zone : parsedZone);
    }

    private static DateTimeFormatter pattern(String pattern, String param) {
        try {
            return DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transform 'date' has an invalid '" + param + "' pattern '" + pattern
                    + "': expected iso, isoDate, isoInstant, epochMillis, epochSeconds or a java.time pattern such as dd.MM.uuuu");
        }
    }

    private static ZoneId zone(TransformSpec spec, String param) {
        String id = spec.text(param).orElse("UTC");
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("transform 'date' has an unknown '" + param + "' '" + id
                    + "': expected a region such as Europe/Berlin or an offset such as +01:00");
        }
    }

    private static long epoch(JsonNode value) {
        // canConvertToLong, not isIntegralNumber: longValue() of a BigInteger past Long.MAX_VALUE wraps silently.
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        try {
            return Long.parseLong(text(value).strip());
        } catch (NumberFormatException e) {
            throw new MappingException("expects an epoch number");
        }
    }

    // ---- numbers, money and units --------------------------------------------------------------------------

    private static Transform currency(TransformSpec spec, RateTable rates) {
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

    private static Transform unit(TransformSpec spec) {
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

    private static Transform number(TransformSpec spec) {
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

    // ---- enums ---------------------------------------------------------------------------------------------

    private static Transform enumMap(TransformSpec spec) {
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

    // ---- value access --------------------------------------------------------------------------------------

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
    private static BigDecimal bounded(BigDecimal d) {
        // "1e999999999" is a valid BigDecimal whose rescaling would take minutes and gigabytes: refuse it.
        if (d.precision() > MAX_DIGITS || Math.abs((long) d.scale()) > MAX_DIGITS) {
            throw new MappingException("got a number outside +-1e" + MAX_DIGITS);
        }
        return d;
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
