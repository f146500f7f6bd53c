package dev.outbound.config.mapping;

import com.fasterxml.jackson.databind.JsonNode;

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
import java.util.Locale;

import static dev.outbound.config.mapping.BuiltinTransforms.NODES;
import static dev.outbound.config.mapping.BuiltinTransforms.text;

/** The built-in {@code date} transform: reads dates in one form and zone and writes them in another. */
final class DateTransforms {

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

    private static final ZonedDateTime SAMPLE = ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);

    private DateTransforms() {
    }

    static Transform date(TransformSpec spec) {
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
}
