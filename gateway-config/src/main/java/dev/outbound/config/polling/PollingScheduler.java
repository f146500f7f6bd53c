package dev.outbound.config.polling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outbound.config.ConfigKey;
import dev.outbound.config.LoadedConfig;
import dev.outbound.config.Schedule;
import dev.outbound.config.spi.ChangePage;
import dev.outbound.config.spi.ChangeRequest;
import dev.outbound.config.spi.ChangeSource;
import dev.outbound.config.spi.ConfigStore;
import dev.outbound.config.spi.Cursor;
import dev.outbound.config.spi.CursorStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Polls every integration of a {@link ConfigStore} whose schedule is an interval or a cron expression, asking its
 * {@link ChangeSource} only for changes since the stored cursor, handing them to a {@link ChangeHandler}, and storing
 * the new cursor only after the hand-off succeeded. A restart therefore resumes at the last handed-off window: no
 * window is skipped, and none is repeated unless the process died between hand-off and cursor write.
 *
 * <p>Adaptive intervals aim for {@code targetChangesPerPoll} changes per poll within the schedule's bounds (see
 * {@code Schedule.Interval}); a poll that leaves more waiting brings the next one to the lower bound. Integrations
 * are polled once at start, then as their schedule says.
 *
 * <p>Time comes only from the clock: {@link #runDue()} polls what is due now and returns, so tests drive it with a
 * fake clock; {@link #start(Duration)} calls it on a daemon thread. Thread-safe; polls run one at a time.
 */
public final class PollingScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PollingScheduler.class);

    /** Per-integration scheduling state; guarded by the scheduler. */
    private static final class State {
        final long configVersion;
        Instant nextDue;
        Duration interval;
        double rate = Double.NaN;
        Instant lastPoll;

        State(long configVersion, Instant nextDue, Duration interval) {
            this.configVersion = configVersion;
            this.nextDue = nextDue;
            this.interval = interval;
        }
    }

    private final Clock clock;
    private final ConfigStore configs;
    private final Function<LoadedConfig, Optional<ChangeSource>> sources;
    private final CursorStore cursors;
    private final ChangeHandler handler;
    private final Duration settleDelay;
    private final int targetChangesPerPoll;
    private final int maxPagesPerPoll;
    private final Map<ConfigKey, State> states = new HashMap<>();
    private final Object executorLock = new Object();
    private ScheduledExecutorService executor;

    private PollingScheduler(Builder b) {
        this.clock = b.clock;
        this.configs = b.configs;
        this.sources = b.sources;
        this.cursors = b.cursors;
        this.handler = b.handler;
        this.settleDelay = b.settleDelay;
        this.targetChangesPerPoll = b.targetChangesPerPoll;
        this.maxPagesPerPoll = b.maxPagesPerPoll;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Polls every integration that is due at the clock's current time; returns what each poll did. */
    public synchronized List<PollResult> runDue() {
        Instant now = clock.instant();
        List<PollResult> results = new ArrayList<>();
        Set<ConfigKey> seen = new HashSet<>();
        for (LoadedConfig config : configs.all()) {
            Schedule schedule = config.config().schedule();
            if (schedule instanceof Schedule.Webhook) {
                continue;
            }
            seen.add(config.key());
            State state = states.get(config.key());
            if (state == null || state.configVersion != config.version()) {
                // A changed schedule starts over, but not earlier than the poll already planned.
                State fresh = initial(config, schedule, now);
                if (state != null && state.nextDue.isAfter(fresh.nextDue)) {
                    fresh.nextDue = state.nextDue;
                }
                state = fresh;
                states.put(config.key(), state);
            }
            if (now.isBefore(state.nextDue)) {
                continue;
            }
            results.add(poll(config, schedule, state, now));
        }
        states.keySet().retainAll(seen);
        return results;
    }

    /** When an integration is polled next; empty if it is not polled (unknown, webhook, or not yet seen). */
    public synchronized Optional<Instant> nextDue(ConfigKey key) {
        State state = states.get(key);
        return state == null ? Optional.empty() : Optional.of(state.nextDue);
    }

    private State initial(LoadedConfig config, Schedule schedule, Instant now) {
        if (schedule instanceof Schedule.Interval interval) {
            return new State(config.version(), now, interval.every());
        }
        Schedule.Cron cron = (Schedule.Cron) schedule;
        Instant next = nextFire(cron, now);
        return new State(config.version(), next, Duration.between(now, next));
    }

    private static Instant nextFire(Schedule.Cron cron, Instant after) {
        // An expression that never fires (30 February) is polled yearly rather than never, so it stays visible.
        return cron.expression().next(after.atZone(cron.zone())).map(z -> z.toInstant())
                .orElse(after.plus(Duration.ofDays(366)));
    }

    private PollResult poll(LoadedConfig config, Schedule schedule, State state, Instant now) {
        ConfigKey key = config.key();
        Optional<ChangeSource> source = sources.apply(config);
        if (source.isEmpty()) {
            schedule(state, schedule, now, 0, false, false);
            return new PollResult(key, PollResult.Outcome.NO_SOURCE, 0, 0, state.interval, state.nextDue,
                    Optional.of("no change source for provider " + config.config().provider()));
        }
        int records = 0;
        int pages = 0;
        boolean backlog = false;
        Optional<String> error = Optional.empty();
        Instant until = now.minus(settleDelay);
        try {
            Optional<Cursor> cursor = cursors.load(key);
            while (true) {
                ChangePage page = source.get().fetch(new ChangeRequest(config, cursor, until));
                List<JsonNode> changes = page.records();
                if (!changes.isEmpty()) {
                    handler.handle(config, changes);
                }
                if (!cursor.equals(Optional.of(page.next())) && !cursors.compareAndSet(key, cursor, page.next())) {
                    throw new IllegalStateException("cursor of " + key + " was moved by another poller; this window"
                            + " was handed off by both");
                }
                cursor = Optional.of(page.next());
                records += changes.size();
                pages++;
                if (!page.hasMore()) {
                    break;
                }
                if (pages == maxPagesPerPoll) {
                    backlog = true;
                    break;
                }
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            error = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
            log.warn("poll of {} failed after {} pages; the cursor stays after the last handed-off page: {}",
                    key, pages, error.get());
        }
        schedule(state, schedule, now, records, backlog, error.isPresent());
        return new PollResult(key, error.isPresent() ? PollResult.Outcome.FAILED : PollResult.Outcome.POLLED,
                records, pages, state.interval, state.nextDue, error);
    }

    private void schedule(State state, Schedule schedule, Instant now, int records, boolean backlog, boolean failed) {
        if (schedule instanceof Schedule.Interval interval) {
            if (!failed) {
                Duration elapsed = state.lastPoll == null ? state.interval : Duration.between(state.lastPoll, now);
                state.rate = AdaptiveInterval.rate(state.rate, records, elapsed);
                if (interval.isAdaptive()) {
                    state.interval = AdaptiveInterval.next(state.interval, state.rate, targetChangesPerPoll, backlog,
                            interval.min(), interval.max());
                }
                state.lastPoll = now;
            }
            state.nextDue = now.plus(state.interval);
        } else {
            Instant next = nextFire((Schedule.Cron) schedule, now);
            state.interval = Duration.between(now, next);
            state.nextDue = next;
        }
    }

    /**
     * Calls {@link #runDue()} every {@code tick} on a daemon thread until {@link #close()}. The tick bounds how late
     * a poll can start; a second or so is plenty for schedules measured in minutes.
     */
    public void start(Duration tick) {
        Objects.requireNonNull(tick, "tick");
        if (tick.isZero() || tick.isNegative()) {
            throw new IllegalArgumentException("tick must be positive, was " + tick);
        }
        synchronized (executorLock) {
            if (executor != null) {
                throw new IllegalStateException("the polling scheduler was started already");
            }
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "outbound-change-poller");
                t.setDaemon(true);
                return t;
            });
            executor.scheduleWithFixedDelay(() -> {
                try {
                    runDue();
                } catch (RuntimeException e) {
                    log.error("polling round failed", e);
                }
            }, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        synchronized (executorLock) {
            if (executor != null) {
                executor.shutdownNow();
                executor = null;
            }
        }
    }

    /** Collects the scheduler's settings; not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private ConfigStore configs;
        private Function<LoadedConfig, Optional<ChangeSource>> sources;
        private CursorStore cursors;
        private ChangeHandler handler;
        private Duration settleDelay = Duration.ZERO;
        private int targetChangesPerPoll = 100;
        private int maxPagesPerPoll = 10;

        private Builder() {
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The integrations to poll. */
        public Builder configs(ConfigStore configs) {
            this.configs = Objects.requireNonNull(configs, "configs");
            return this;
        }

        /** Finds the change source for an integration (typically by its provider); empty when none serves it. */
        public Builder changeSources(Function<LoadedConfig, Optional<ChangeSource>> sources) {
            this.sources = Objects.requireNonNull(sources, "sources");
            return this;
        }

        public Builder cursors(CursorStore cursors) {
            this.cursors = Objects.requireNonNull(cursors, "cursors");
            return this;
        }

        public Builder handler(ChangeHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * How far behind now a timestamp window ends, for providers whose last-modified stamps can commit late;
         * zero by default.
         */
        public Builder settleDelay(Duration settleDelay) {
            Objects.requireNonNull(settleDelay, "settleDelay");
            if (settleDelay.isNegative()) {
                throw new IllegalArgumentException("settleDelay must not be negative, was " + settleDelay);
            }
            this.settleDelay = settleDelay;
            return this;
        }

        /** Changes per poll the adaptive interval aims for; 100 by default. */
        public Builder targetChangesPerPoll(int target) {
            if (target < 1) {
                throw new IllegalArgumentException("targetChangesPerPoll must be at least 1, was " + target);
            }
            this.targetChangesPerPoll = target;
            return this;
        }

        /** Pages fetched in one poll before the rest waits for the next; 10 by default. */
        public Builder maxPagesPerPoll(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxPagesPerPoll must be at least 1, was " + max);
            }
            this.maxPagesPerPoll = max;
            return this;
        }

        public PollingScheduler build() {
            if (configs == null || sources == null || cursors == null || handler == null) {
                throw new IllegalStateException("configs, changeSources, cursors and handler must be set");
            }
            return new PollingScheduler(this);
        }
    }
}
