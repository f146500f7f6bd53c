package dev.outbound.providers;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.spi.ProviderAdapter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
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
 * how many days are left, and what the next version is. Built from the adapters and the account overrides
 * (the gateway's {@code compatibilityMatrix()} is meant to build it from its own registry); dates come from
 * {@link VersionedProviderAdapter#supportedVersions()}, so an adapter that does not declare versions shows
 * {@link Status#UNDECLARED}. {@link #warnings()} lists the entries within the horizon of their sunset (or past it);
 * {@link #publish} sends them as {@link DeprecationEvent}s and sets a days-left gauge per entry.
 *
 * <pre>{@code
 * CompatibilityMatrix m = CompatibilityMatrix.builder().clock(clock).horizon(Duration.ofDays(180))
 *     .adapters(builtIns.adapters()).account("salesforce", "acme", AccountSettings.none().withApiVersion("v40.0"))
 *     .build();
 * }</pre>
 *
 * A snapshot: immutable and thread-safe once built.
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
    }

    private final List<Entry> entries;
    private final Duration horizon;
    private final Clock clock;

    private CompatibilityMatrix(Builder b) {
        this.clock = b.clock;
        this.horizon = b.horizon;
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
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

    public List<Entry> entries() {
        return entries;
    }

    /** The row of a provider's default ({@code customer} empty) or a customer's override. */
    public Optional<Entry> entry(String provider, String customer) {
        return entries.stream().filter(e -> e.provider().equals(provider) && e.customer().equals(customer))
                .findFirst();
    }

    /** Entries within the horizon of their sunset or past it, as deprecation events. */
    public List<DeprecationEvent> warnings() {
        List<DeprecationEvent> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.status() == Status.SUNSET_WITHIN_HORIZON || e.status() == Status.PAST_SUNSET) {
                out.add(new DeprecationEvent(e.status() == Status.PAST_SUNSET ? DeprecationEvent.Kind.PAST_SUNSET
                        : DeprecationEvent.Kind.SUNSET_WITHIN_HORIZON, e.provider(), e.customer(), e.version(),
                        e.sunset(), e.daysLeft(), e.daysLeft().map(d -> d + " days to sunset").orElse("")
                        + e.nextVersion().map(n -> "; next " + n).orElse(""), clock.instant()));
            }
        }
        return out;
    }

    /**
     * Publishes the warnings through {@code monitor} (event and counter) and, when {@code meters} is given, one
     * {@link ProviderMetrics#VERSION_DAYS_LEFT} gauge per entry with a sunset.
     */
    public void publish(DeprecationMonitor monitor, MeterRegistry meters) {
        Objects.requireNonNull(monitor, "monitor");
        warnings().forEach(monitor::publish);
        if (meters != null) {
            for (Entry e : entries) {
                e.daysLeft().ifPresent(days -> Gauge.builder(ProviderMetrics.VERSION_DAYS_LEFT, () -> days)
                        .tag(ProviderMetrics.TAG_PROVIDER, e.provider())
                        .tag(ProviderMetrics.TAG_CUSTOMER, e.customer())
                        .strongReference(true).register(meters));
            }
        }
    }

    private Entry entry(ProviderAdapter adapter, String customer, String version, LocalDate today) {
        if (!(adapter instanceof VersionedProviderAdapter v) || v.supportedVersions().isEmpty()) {
            return new Entry(adapter.providerId(), customer, version, Optional.empty(), Optional.empty(),
                    Optional.empty(), Status.UNDECLARED, "the adapter declares no versions");
        }
        List<ApiVersion> versions = v.supportedVersions();
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
        return "CompatibilityMatrix[" + entries.size() + " entries, horizon " + horizon.toDays() + " days]";
    }

    /** Collects adapters and account overrides. Not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Duration horizon = Duration.ofDays(180);
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
            Objects.requireNonNull(settings, "settings").forEach((k, v) -> accounts.put(k, v));
            return this;
        }

        public CompatibilityMatrix build() {
            return new CompatibilityMatrix(this);
        }
    }
}
