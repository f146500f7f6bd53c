package dev.outbound.providers;

import dev.outbound.gateway.spi.LimitDeclaration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider's documented rate limits with a note on what the provider does when one is hit. The adapter returns
 * its {@link #limits()} from {@code documentedLimits()}, and the gateway declares them to its rate limiter, so the
 * {@link LimitDeclaration#enforced() enforced} ones apply without user configuration; explicit limiter configuration
 * (per provider, per customer) replaces them. Limits documented only as a range or per plan are given for the plan
 * named in the limit's name. Immutable and thread-safe.
 *
 * @param provider the provider id
 * @param limits the limits, most important first
 * @param note what the provider does when a limit is hit, and what is not documented
 */
public record RateLimitDefaults(String provider, List<LimitDeclaration> limits, String note) {

    public RateLimitDefaults {
        Objects.requireNonNull(provider, "provider");
        limits = List.copyOf(limits);
        note = note == null ? "" : note;
    }

    /** The limit with this name, if declared. */
    public Optional<LimitDeclaration> limit(String name) {
        return limits.stream().filter(l -> l.name().equals(name)).findFirst();
    }
}
