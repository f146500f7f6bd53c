package dev.outbound.providers;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A warning that an API version an account uses is going away: its sunset is within the configured horizon (or
 * past), a response carried {@code Deprecation} or {@code Sunset} headers (RFC 9745, RFC 8594), or the provider
 * answered with its retired-version error (Salesforce 410). Immutable and thread-safe.
 *
 * @param kind what was seen
 * @param provider provider id
 * @param customer customer id, empty for a provider's default version
 * @param version the version concerned, empty when the response did not say which
 * @param sunset the sunset date, when known
 * @param daysLeft days until the sunset (negative once past), when the sunset is known
 * @param detail one line for a human: the header value or the matrix entry
 * @param observedAt when it was seen
 */
public record DeprecationEvent(Kind kind, String provider, String customer, String version,
                               Optional<LocalDate> sunset, Optional<Long> daysLeft, String detail,
                               Instant observedAt) {

    /** What a deprecation warning is about. */
    public enum Kind {
        /** The version's documented sunset is within the horizon. */
        SUNSET_WITHIN_HORIZON,
        /** The version's documented sunset has passed. */
        PAST_SUNSET,
        /** A response carried a {@code Deprecation} header. */
        DEPRECATION_HEADER,
        /** A response carried a {@code Sunset} header. */
        SUNSET_HEADER,
        /** The provider answered with its retired-version error (Salesforce REST 410). */
        VERSION_RETIRED_RESPONSE;

        /** Lower-case tag value, e.g. {@code sunset_header}. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public DeprecationEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(provider, "provider");
        customer = customer == null ? "" : customer;
        version = version == null ? "" : version;
        Objects.requireNonNull(sunset, "sunset");
        Objects.requireNonNull(daysLeft, "daysLeft");
        detail = detail == null ? "" : detail;
        Objects.requireNonNull(observedAt, "observedAt");
    }
}
