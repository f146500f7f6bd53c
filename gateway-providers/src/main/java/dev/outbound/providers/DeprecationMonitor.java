package dev.outbound.providers;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.CompatibilityMatrix;
import dev.outbound.gateway.IntegrationResponse;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches provider responses for signs that a version is going away — {@code Deprecation} (RFC 9745) and
 * {@code Sunset} (RFC 8594) headers, and a provider's retired-version answer — and turns them into
 * {@link DeprecationEvent}s and the {@link ProviderMetrics#DEPRECATION_EVENTS} counter. None of the providers
 * documents sending these headers (PROVIDERS.md §0), so header detection is a safety net, not a schedule: the
 * schedule is the gateway's {@link CompatibilityMatrix}, which {@link #publish(CompatibilityMatrix)} turns into
 * events and {@link ProviderMetrics#VERSION_DAYS_LEFT} gauges.
 *
 * <p>The counter counts every sighting; the listener hears of each (account, version, kind) at most once per
 * {@code repeatInterval} (a day by default), so that a header on every response does not flood it. The memory of
 * what was told is bounded. Thread-safe.
 */
public final class DeprecationMonitor {
    private static final Logger log = LoggerFactory.getLogger(DeprecationMonitor.class);
    private static final int MAX_REMEMBERED = 10_000;

    private final DeprecationListener listener;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration repeatInterval;
    private final ConcurrentMap<String, Instant> lastTold = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> daysLeftGauges = new ConcurrentHashMap<>();

    /**
     * @param listener told of events
     * @param meters where the counter goes; {@code null} for none
     * @param clock the clock events are stamped with
     * @param repeatInterval how often the same warning may reach the listener
     */
    public DeprecationMonitor(DeprecationListener listener, MeterRegistry meters, Clock clock,
                              Duration repeatInterval) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.meters = meters;
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(repeatInterval, "repeatInterval");
        if (repeatInterval.isNegative()) {
            throw new IllegalArgumentException("repeatInterval must not be negative, was " + repeatInterval);
        }
        this.repeatInterval = repeatInterval;
    }

    /** A monitor that only counts nothing and tells no one: for adapters built without observability. */
    public static DeprecationMonitor disabled() {
        return new DeprecationMonitor(DeprecationListener.noop(), null, Clock.systemUTC(), Duration.ofDays(1));
    }

    /** Checks one response of {@code account} made with {@code version} for deprecation headers. Never throws. */
    public void observe(AccountKey account, String version, IntegrationResponse response) {
        try {
            response.header("Deprecation").ifPresent(v -> emit(DeprecationEvent.Kind.DEPRECATION_HEADER, account,
                    version, Optional.empty(), "Deprecation: " + oneLine(v)));
            response.header("Sunset").ifPresent(v -> emit(DeprecationEvent.Kind.SUNSET_HEADER, account, version,
                    parseHttpDate(v), "Sunset: " + oneLine(v)));
        } catch (RuntimeException e) {
            log.warn("could not read deprecation headers of {}: {}", account, e.getClass().getSimpleName());
        }
    }

    /** Reports that the provider answered with its retired-version error for {@code version}. */
    public void versionRetired(AccountKey account, String version, String detail) {
        emit(DeprecationEvent.Kind.VERSION_RETIRED_RESPONSE, account, version, Optional.empty(), detail);
    }

    /** Publishes an event built elsewhere, with the same counting and de-duplication. */
    public void publish(DeprecationEvent event) {
        count(event);
        tell(event);
    }

    /**
     * Publishes the matrix's warnings (entries within its horizon of their sunset, or past it) as events stamped with
     * the matrix's {@link CompatibilityMatrix#asOf() time}, and, when the monitor has a meter registry, sets one
     * {@link ProviderMetrics#VERSION_DAYS_LEFT} gauge per entry with a sunset. Call it again with a newer matrix
     * (e.g. daily) to move the gauges on.
     */
    public void publish(CompatibilityMatrix matrix) {
        Objects.requireNonNull(matrix, "matrix");
        for (CompatibilityMatrix.Entry e : matrix.warnings()) {
            publish(new DeprecationEvent(e.status() == CompatibilityMatrix.Status.PAST_SUNSET
                    ? DeprecationEvent.Kind.PAST_SUNSET : DeprecationEvent.Kind.SUNSET_WITHIN_HORIZON, e.provider(),
                    e.customer(), e.version(), e.sunset(), e.daysLeft(),
                    e.daysLeft().map(d -> d + " days to sunset").orElse("")
                            + e.nextVersion().map(n -> "; next " + n).orElse(""), matrix.asOf()));
        }
        if (meters != null) {
            for (CompatibilityMatrix.Entry e : matrix.entries()) {
                e.daysLeft().ifPresent(days -> daysLeftGauge(e.provider(), e.customer()).set(days));
            }
        }
    }

    /** One gauge per (provider, customer), registered once; later matrices only move its value. */
    private AtomicLong daysLeftGauge(String provider, String customer) {
        return daysLeftGauges.computeIfAbsent(provider + '\u0000' + customer, k -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(ProviderMetrics.VERSION_DAYS_LEFT, value, AtomicLong::get)
                    .tag(ProviderMetrics.TAG_PROVIDER, provider).tag(ProviderMetrics.TAG_CUSTOMER, customer)
                    .strongReference(true).register(meters);
            return value;
        });
    }

    private void emit(DeprecationEvent.Kind kind, AccountKey account, String version, Optional<LocalDate> sunset,
                      String detail) {
        Instant now = clock.instant();
        Optional<Long> daysLeft = sunset.map(s -> ChronoUnit.DAYS.between(now.atZone(ZoneOffset.UTC).toLocalDate(),
                s));
        publish(new DeprecationEvent(kind, account.provider(), account.customerId(), version, sunset, daysLeft,
                detail, now));
    }

    private void count(DeprecationEvent event) {
        if (meters != null) {
            meters.counter(ProviderMetrics.DEPRECATION_EVENTS, ProviderMetrics.TAG_PROVIDER, event.provider(),
                    ProviderMetrics.TAG_CUSTOMER, event.customer(), ProviderMetrics.TAG_KIND,
                    event.kind().tag()).increment();
        }
    }

    private void tell(DeprecationEvent event) {
        String key = event.provider() + '\u0000' + event.customer() + '\u0000' + event.version() + '\u0000'
                + event.kind();
        Instant now = event.observedAt();
        Instant last = lastTold.get(key);
        if (last != null && now.isBefore(last.plus(repeatInterval))) {
            return;
        }
        if (lastTold.size() >= MAX_REMEMBERED) {
            lastTold.clear(); // bounded: at worst a warning is repeated early
        }
        lastTold.put(key, now);
        log.warn("API version going away: {} {} {} for customer '{}' ({})", event.kind().tag(), event.provider(),
                event.version(), event.customer(), event.detail());
        try {
            listener.onDeprecation(event);
        } catch (RuntimeException e) {
            log.warn("deprecation listener threw {}; ignored", e.getClass().getName());
        }
    }

    /** An RFC 8594 Sunset value is an HTTP-date; a date that does not parse is simply not known. */
    static Optional<LocalDate> parseHttpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .withZoneSameInstant(ZoneOffset.UTC).toLocalDate());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String oneLine(String v) {
        String flat = v.replaceAll("[\\r\\n\\t]+", " ").strip();
        return flat.length() > 200 ? flat.substring(0, 200) : flat;
    }

    @Override
    public String toString() {
        return "DeprecationMonitor[repeatInterval=" + repeatInterval + ", remembered=" + lastTold.size() + "]";
    }
}
