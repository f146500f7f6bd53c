package dev.outbound.config.spi;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Where a poll of one integration got to, in the change source's own terms: a last-modified timestamp, a change
 * token, a delta link. Opaque to the scheduler, which only stores it and hands it back. Immutable and thread-safe.
 *
 * @param value 1 to {@value #MAX_LENGTH} characters, no control characters
 */
public record Cursor(String value) {

    public static final int MAX_LENGTH = 8192;

    public Cursor {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("cursor must be 1-" + MAX_LENGTH + " characters, was " + value.length());
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("cursor must not contain control characters");
        }
    }

    /** A timestamp cursor, for sources that ask for records modified after a time. */
    public static Cursor ofInstant(Instant instant) {
        return new Cursor(Objects.requireNonNull(instant, "instant").toString());
    }

    /** A provider's change token or delta link. */
    public static Cursor ofToken(String token) {
        return new Cursor(token);
    }

    /**
     * This cursor as a timestamp.
     *
     * @throws IllegalStateException if it is not one
     */
    public Instant asInstant() {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("cursor is not a timestamp");
        }
    }

    /** Shows the length only: a change token can be a credential-like secret for some providers. */
    @Override
    public String toString() {
        return "Cursor[" + value.length() + " chars]";
    }
}
