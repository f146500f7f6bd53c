package dev.outbound.gateway;

import dev.outbound.gateway.spi.ProviderAdapter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which API version each provider — and each customer that pins its own — is on, when that version is sunset,
 * how many days are left, and what the next version is. {@link IntegrationGateway#compatibilityMatrix()} builds one
 * from its adapters and accounts; dates come from {@link ProviderAdapter#supportedVersions()}, so an adapter that
 * declares no versions shows {@link Status#UNDECLARED}. {@link #warnings()} lists the entries within the horizon of
 * their sunset or past it (the providers module publishes them as events and gauges).
 *
 * <pre>{@code
 * CompatibilityMatrix m = CompatibilityMatrix.builder().clock(clock).horizon(Duration.ofDays(180))
 *     .adapter(adapter).account("salesforce", "acme", AccountSettings.none().withApiVersion("v40.0"))
 *     .build();
 * }</pre>
 *
 * A snapshot taken at {@link #asOf()}: immutable and thread-safe once built.
 */
public final class CompatibilityMatrix {

    /** Where an entry stands. */
    public enum Status {
        /** Declared, and no sunset within the horizon (or none announced). */
        SUPPORTED,
        /** The sunset is within the horizon. */
        SUNSET_WITHIN_HORIZON,
        /** The sunset has passed. */
        PAST_SUNSET,
        /** The adapter declares versions, but not this one. */
        UNKNOWN_VERSION,
        /** The adapter declares no versions. */
        UNDECLARED
    }

    /**
     * One row: a provider's default (customer empty) or one customer's override.
     *
     * @param provider provider id
     * @param customer customer id, empty for the provider's default
     * @param version the version in use
     * @param sunset its sunset, if announced
     * @param daysLeft days until the sunset (negative once past), if announced
     * @param nextVersion the next declared version, if any
     * @param status where it stands
     * @param note where the dates come from
     */
    public record Entry(String provider, String customer, String version, Optional<LocalDate> sunset,
                        Optional<Long> daysLeft, Optional<String> nextVersion, Status status, String note) {

        /** Whether the version is within the horizon of its sunset or past it. */
        public boolean isWarning() {
            return status == Status.SUNSET_WITHIN_HORIZON || status == Status.PAST_SUNSET;
        }
    }

    private final List<Entry> entries;
    private final Duration horizon;
    private final Instant asOf;

    private CompatibilityMatrix(Builder b) {
        this.horizon = b.horizon;
        this.asOf = b.clock.instant();
        LocalDate today = asOf.atZone(ZoneOffset.UTC).toLocalDate();
        List<Entry> rows = new ArrayList<>();
        for (ProviderAdapter a : b.adapters.values()) {
            rows.add(entry(a, "", a.defaultApiVersion(), today));
            b.accounts.entrySet().stream()
                    .filter(e -> e.getKey().provider().equals(a.providerId()) && e.getValue().apiVersion().isPresent())
                    .sorted(Comparator.comparing(e -> e.getKey().customerId()))
                    .forEach(e -> rows.add(entry(a, e.getKey().customerId(), e.getValue().apiVersion().get(), today)));
        }
        this.entries = List.copyOf(rows);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every row: per provider its default, then its customers' overrides by customer id. */
    public List<Entry> entries() {
        return entries;
    }

    /** The row of a provider's default ({@code customer} empty) or a customer's override. */
    public Optional<Entry> entry(String provider, String customer) {
        return entries.stream().filter(e -> e.provider().equals(provider) && e.customer().equals(customer))
                .findFirst();
    }

    /** The entries within the horizon of their sunset or past it. */
    public List<Entry> warnings() {
        return entries.stream().filter(Entry::isWarning).toList();
    }

    /** When the matrix was built, by its clock; days left count from this instant's UTC date. */
    public Instant asOf() {
        return asOf;
    }

    /** How close to its sunset a version starts to warn. */
    public Duration horizon() {
        return horizon;
    }

    private Entry entry(ProviderAdapter adapter, String customer, String version, LocalDate today) {
        List<ApiVersion> versions = adapter.supportedVersions();
        if (versions.isEmpty()) {
            return new Entry(adapter.providerId(), customer, version, Optional.empty(), Optional.empty(),
                    Optional.empty(), Status.UNDECLARED, "the adapter declares no versions");
        }
        int index = -1;
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).version().equals(version)) {
                index = i;
            }
        }
        if (index < 0) {
            return new Entry(adapter.providerId(), customer, version, Optional.empty(), Optional.empty(),
                    Optional.empty(), Status.UNKNOWN_VERSION, "not among the declared versions "
                    + versions.stream().map(ApiVersion::version).toList());
        }
        ApiVersion declared = versions.get(index);
        Optional<String> next = index + 1 < versions.size() ? Optional.of(versions.get(index + 1).version())
                : Optional.empty();
        Optional<Long> daysLeft = declared.sunset().map(s -> ChronoUnit.DAYS.between(today, s));
        Status status = daysLeft.map(d -> d <= 0 ? Status.PAST_SUNSET
                : d <= horizon.toDays() ? Status.SUNSET_WITHIN_HORIZON : Status.SUPPORTED).orElse(Status.SUPPORTED);
        return new Entry(adapter.providerId(), customer, version, declared.sunset(), daysLeft, next, status,
                declared.note());
    }

    @Override
    public String toString() {
        return "CompatibilityMatrix[" + entries.size() + " entries, horizon " + horizon.toDays() + " days, as of "
                + asOf + "]";
    }

    /** Collects adapters and account overrides. Not thread-safe. */
    public static final class Builder {
        /** The horizon when none is set. */
        public static final Duration DEFAULT_HORIZON = Duration.ofDays(180);

        private Clock clock = Clock.systemUTC();
        private Duration horizon = DEFAULT_HORIZON;
        private final Map<String, ProviderAdapter> adapters = new LinkedHashMap<>();
        private final Map<AccountKey, AccountSettings> accounts = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How close to its sunset a version in use starts to warn (default 180 days). */
        public Builder horizon(Duration horizon) {
            Objects.requireNonNull(horizon, "horizon");
            if (horizon.isNegative()) {
                throw new IllegalArgumentException("horizon must not be negative, was " + horizon);
            }
            this.horizon = horizon;
            return this;
        }

        /** Adds a provider; rows appear in the order providers were added. */
        public Builder adapter(ProviderAdapter adapter) {
            Objects.requireNonNull(adapter, "adapter");
            adapters.put(adapter.providerId(), adapter);
            return this;
        }

        public Builder adapters(Collection<? extends ProviderAdapter> adapters) {
            Objects.requireNonNull(adapters, "adapters").forEach(this::adapter);
            return this;
        }

        /** An account's settings; only those that pin a version make a row of their own. */
        public Builder account(String provider, String customerId, AccountSettings settings) {
            accounts.put(AccountKey.of(provider, customerId), Objects.requireNonNull(settings, "settings"));
            return this;
        }

        public Builder accounts(Map<AccountKey, AccountSettings> settings) {
            Objects.requireNonNull(settings, "settings")
                    .forEach((k, v) -> accounts.put(k, Objects.requireNonNull(v, "settings of " + k)));
            return this;
        }

        public CompatibilityMatrix build() {
            return new CompatibilityMatrix(this);
        }
    }
}
