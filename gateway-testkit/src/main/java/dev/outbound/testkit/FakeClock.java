package dev.outbound.testkit;

import dev.outbound.gateway.spi.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock that moves only when a test moves it, and a {@link Sleeper} that advances that clock instead of waiting.
 * It exists so that tests of retries, backoff, token expiry and rate limits never wait for real time: hand the same
 * instance to the gateway as its {@code Clock} and its {@code Sleeper}, and a backoff of 30 seconds takes no time
 * while the code under test still sees 30 seconds pass. Every sleep is recorded for assertions.
 *
 * <p>Thread-safe. Copies made by {@link #withZone(ZoneId)} share this clock's time, sleeps and listeners, so
 * advancing one advances all of them.
 */
public final class FakeClock extends Clock implements Sleeper {

    /** Where a clock made with {@link #FakeClock()} starts: 2026-01-01T00:00:00Z. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    /**
     * Told whenever the clock moves. Listeners run on the thread that moved the clock, after the move, outside any
     * lock; they must be fast and must not throw (an exception propagates to whoever moved the clock).
     */
    @FunctionalInterface
    public interface Listener {
        /** The clock moved from {@code from} to {@code to}; {@code to} may be before {@code from} after a {@link #set}. */
        void onMove(Instant from, Instant to);
    }

    /** The time, the sleeps and the listeners, shared by a clock and its zoned copies. */
    private static final class State {
        private Instant now;
        private Duration totalSlept = Duration.ZERO;
        private final List<Duration> sleeps = new ArrayList<>();
        private final List<Listener> listeners = new CopyOnWriteArrayList<>();

        State(Instant start) {
            this.now = start;
        }
    }

    private final State state;
    private final ZoneId zone;

    /** A clock at {@link #DEFAULT_START} in UTC. */
    public FakeClock() {
        this(DEFAULT_START);
    }

    /** A clock at {@code start} in UTC. */
    public FakeClock(Instant start) {
        this(new State(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private FakeClock(State state, ZoneId zone) {
        this.state = state;
        this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view of this clock in another zone; it shares the time, the sleeps and the listeners. */
    @Override
    public FakeClock withZone(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return zone.equals(this.zone) ? this : new FakeClock(state, zone);
    }

    @Override
    public Instant instant() {
        synchronized (state) {
            return state.now;
        }
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    /**
     * Moves the clock forward by {@code duration}.
     *
     * @return the new time
     * @throws IllegalArgumentException if {@code duration} is negative (use {@link #set} to go back)
     */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative: " + duration);
        }
        Instant from;
        Instant to;
        synchronized (state) {
            from = state.now;
            to = from.plus(duration);
            state.now = to;
        }
        notifyListeners(from, to);
        return to;
    }

    /** Puts the clock at {@code instant}, forward or back (going back simulates a clock that was corrected). */
    public void set(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        Instant from;
        synchronized (state) {
            from = state.now;
            state.now = instant;
        }
        notifyListeners(from, instant);
    }

    /**
     * Advances the clock by {@code duration} and returns at once, recording the sleep. Zero and negative durations
     * return at once and are not recorded, as the {@link Sleeper} contract says.
     *
     * @throws InterruptedException if the calling thread is interrupted (its flag is cleared), as a real sleep would
     */
    @Override
    public void sleep(Duration duration) throws InterruptedException {
        Objects.requireNonNull(duration, "duration");
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before sleeping " + duration + " on the fake clock");
        }
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        Instant from;
        Instant to;
        synchronized (state) {
            from = state.now;
            to = from.plus(duration);
            state.now = to;
            state.sleeps.add(duration);
            state.totalSlept = state.totalSlept.plus(duration);
        }
        notifyListeners(from, to);
    }

    /** Every recorded sleep, oldest first; an immutable snapshot. */
    public List<Duration> sleeps() {
        synchronized (state) {
            return List.copyOf(state.sleeps);
        }
    }

    /** The sum of all recorded sleeps. */
    public Duration totalSlept() {
        synchronized (state) {
            return state.totalSlept;
        }
    }

    /** Forgets the recorded sleeps (the time stays where it is). */
    public void clearSleeps() {
        synchronized (state) {
            state.sleeps.clear();
            state.totalSlept = Duration.ZERO;
        }
    }

    /** Adds a listener told of every later move of this clock or of its zoned copies. */
    public void addListener(Listener listener) {
        state.listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added earlier; does nothing if it is not there. */
    public void removeListener(Listener listener) {
        state.listeners.remove(listener);
    }

    private void notifyListeners(Instant from, Instant to) {
        for (Listener listener : state.listeners) {
            listener.onMove(from, to);
        }
    }

    /** Equal to another fake clock that shares its time and has the same zone. */
    @Override
    public boolean equals(Object other) {
        return other instanceof FakeClock that && that.state == state && that.zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(state) * 31 + zone.hashCode();
    }

    @Override
    public String toString() {
        return "FakeClock[" + instant() + ", " + zone + "]";
    }
}
