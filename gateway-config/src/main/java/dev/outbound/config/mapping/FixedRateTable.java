package dev.outbound.config.mapping;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@link RateTable} held in memory: rates as given, their inverses when only the other direction is known, and 1
 * between a currency and itself. Immutable and thread-safe; build a new one to change rates.
 */
public final class FixedRateTable implements RateTable {

    private static final Pattern CODE = Pattern.compile("[A-Z]{3}");
    private final Map<String, BigDecimal> rates;

    private FixedRateTable(Map<String, BigDecimal> rates) {
        this.rates = Map.copyOf(rates);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<BigDecimal> rate(String from, String to) {
        if (from.equals(to)) {
            return Optional.of(BigDecimal.ONE);
        }
        BigDecimal direct = rates.get(from + to);
        if (direct != null) {
            return Optional.of(direct);
        }
        BigDecimal inverse = rates.get(to + from);
        // DECIMAL128 keeps 34 digits: far more than any rate table publishes, so the inverse adds no visible error.
        return inverse == null ? Optional.empty() : Optional.of(BigDecimal.ONE.divide(inverse, MathContext.DECIMAL128));
    }

    /** Collects rates; not thread-safe. */
    public static final class Builder {
        private final Map<String, BigDecimal> rates = new HashMap<>();

        private Builder() {
        }

        /** One unit of {@code from} buys {@code rate} units of {@code to}. */
        public Builder rate(String from, String to, String rate) {
            return rate(from, to, new BigDecimal(Objects.requireNonNull(rate, "rate")));
        }

        /** One unit of {@code from} buys {@code rate} units of {@code to}. */
        public Builder rate(String from, String to, BigDecimal rate) {
            requireCode("from", from);
            requireCode("to", to);
            Objects.requireNonNull(rate, "rate");
            if (rate.signum() <= 0) {
                throw new IllegalArgumentException("rate must be positive, was " + rate);
            }
            rates.put(from + to, rate);
            return this;
        }

        public FixedRateTable build() {
            return new FixedRateTable(rates);
        }

        private static void requireCode(String name, String code) {
            if (code == null || !CODE.matcher(code).matches()) {
                throw new IllegalArgumentException(name + " must be an ISO 4217 code like EUR, was " + code);
            }
        }
    }
}
