package dev.outbound.gateway;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One API version a provider adapter supports ({@link dev.outbound.gateway.spi.ProviderAdapter#supportedVersions()}),
 * with its release and sunset dates where the provider documents them. A date that is not documented is empty, and
 * {@code note} says so and where the known dates come from: nothing here is invented precision. Immutable and
 * thread-safe.
 *
 * @param version the version as the adapter applies it, e.g. {@code v62.0}, {@code 2025-04-30.basil}
 * @param released when the provider released it, if known
 * @param sunset the first day it is no longer served (retired, or unsupported), if announced
 * @param note where the dates come from, and what is UNVERIFIED or undocumented
 */
public record ApiVersion(String version, Optional<LocalDate> released, Optional<LocalDate> sunset, String note) {

    public ApiVersion {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(released, "released");
        Objects.requireNonNull(sunset, "sunset");
        note = note == null ? "" : note;
        if (released.isPresent() && sunset.isPresent() && sunset.get().isBefore(released.get())) {
            throw new IllegalArgumentException("version " + version + ": sunset " + sunset.get()
                    + " is before its release " + released.get());
        }
    }

    /**
     * A version with dates given as ISO dates ({@code 2026-03-30}) or {@code null} when undocumented.
     */
    public static ApiVersion of(String version, String released, String sunset, String note) {
        return new ApiVersion(version, Optional.ofNullable(released).map(LocalDate::parse),
                Optional.ofNullable(sunset).map(LocalDate::parse), note);
    }

    /** Whether the version is past its sunset on {@code day}. */
    public boolean isRetiredOn(LocalDate day) {
        return sunset.map(s -> !day.isBefore(s)).orElse(false);
    }
}
