package dev.outbound.config.mapping;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Exchange rates for the {@code currency} transform. The application supplies it (rates change daily; the
 * configuration only names currencies), and it is consulted for every converted value, so it must be fast and
 * thread-safe. Use {@link FixedRateTable} for a table held in memory.
 */
@FunctionalInterface
public interface RateTable {

    /** How many units of {@code to} one unit of {@code from} buys; empty when the table has no rate. */
    Optional<BigDecimal> rate(String from, String to);

    /** A table with no rates (every conversion between different currencies fails). */
    static RateTable none() {
        return (from, to) -> Optional.empty();
    }
}
