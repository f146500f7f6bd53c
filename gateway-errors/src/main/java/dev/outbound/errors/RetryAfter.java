package dev.outbound.errors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * Parses an HTTP {@code Retry-After} value (RFC 9110 §10.2.3): delta-seconds ({@code 120}) or an HTTP-date
 * ({@code Wed, 21 Oct 2015 07:28:00 GMT}, RFC 1123 form) relative to a {@link Clock}.
 *
 * <p>Lenient where being strict helps nobody: a negative number or a date in the past means "now" (zero);
 * fractional seconds ({@code 1.5}) are accepted because some providers send them. Anything else is absent, never
 * an exception. Values above {@link #MAX} are capped at it, so that millisecond arithmetic downstream cannot
 * overflow; the retry stage never waits past the call's deadline anyway. Stateless and thread-safe.
 */
public final class RetryAfter {
    /** The largest wait reported. */
    public static final Duration MAX = Duration.ofDays(366);

    private RetryAfter() {
    }

    /** The wait the response's {@code Retry-After} header asks for, if it has a readable one. */
    public static Optional<Duration> of(ProviderResponse response, Clock clock) {
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(clock, "clock");
        return response.header("Retry-After").flatMap(v -> parse(v, clock.instant()));
    }

    /** The wait a {@code Retry-After} value asks for, counted from {@code now}; empty when unreadable. */
    public static Optional<Duration> parse(String value, Instant now) {
        Objects.requireNonNull(now, "now");
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.isEmpty() || v.length() > 64) {
            return Optional.empty();
        }
        Optional<Duration> seconds = deltaSeconds(v);
        if (seconds.isPresent()) {
            return seconds;
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(clamp(Duration.between(now, at)));
        } catch (DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> deltaSeconds(String v) {
        int i = 0;
        boolean negative = v.charAt(0) == '-';
        if (negative || v.charAt(0) == '+') {
            i++;
        }
        int intStart = i;
        while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
            i++;
        }
        int intEnd = i;
        int fracEnd = i;
        if (i < v.length() && v.charAt(i) == '.') {
            i++;
            while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
                i++;
            }
            fracEnd = i;
        }
        if (i != v.length() || intEnd == intStart) {
            return Optional.empty();
        }
        if (negative) {
            return Optional.of(Duration.ZERO);
        }
        String whole = v.substring(intStart, intEnd).replaceFirst("^0+(?=\\d)", "");
        if (whole.length() > 12) {
            return Optional.of(MAX); // beyond 30,000 years: the provider means "not soon"
        }
        long millis = Long.parseLong(whole) * 1000;
        if (fracEnd > intEnd + 1) {
            String frac = (v.substring(intEnd + 1, fracEnd) + "000").substring(0, 3);
            millis += Long.parseLong(frac);
        }
        return Optional.of(clamp(Duration.ofMillis(millis)));
    }

    private static Duration clamp(Duration d) {
        if (d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
