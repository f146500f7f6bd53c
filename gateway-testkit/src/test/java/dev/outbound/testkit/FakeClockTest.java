package dev.outbound.testkit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeClockTest {

    private static final Instant START = Instant.parse("2030-05-06T07:08:09Z");

    @Test
    void startsAtTheFixedDefaultInstantInUtc() {
        FakeClock clock = new FakeClock();

        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(clock.millis()).isEqualTo(clock.instant().toEpochMilli());
    }

    @Test
    void standsStillUntilAdvanced() {
        FakeClock clock = new FakeClock(START);

        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.advance(Duration.ofMinutes(5))).isEqualTo(START.plusSeconds(300));
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(300));
        assertThat(clock.millis()).isEqualTo(START.plusSeconds(300).toEpochMilli());
    }

    @Test
    void refusesToAdvanceBackwardsButCanBeSetBack() {
        FakeClock clock = new FakeClock(START);

        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duration");
        clock.set(START.minusSeconds(60));

        assertThat(clock.instant()).isEqualTo(START.minusSeconds(60));
    }

    @Test
    void sleepAdvancesTheClockAndRecordsEachSleep() throws InterruptedException {
        FakeClock clock = new FakeClock(START);

        clock.sleep(Duration.ofMillis(250));
        clock.sleep(Duration.ofSeconds(2));

        assertThat(clock.instant()).isEqualTo(START.plusMillis(2250));
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(250), Duration.ofSeconds(2));
        assertThat(clock.totalSlept()).isEqualTo(Duration.ofMillis(2250));
    }

    @Test
    void sleepOfZeroOrLessReturnsAtOnceAndIsNotRecorded() throws InterruptedException {
        FakeClock clock = new FakeClock(START);

        clock.sleep(Duration.ZERO);
        clock.sleep(Duration.ofSeconds(-3));

        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.sleeps()).isEmpty();
        assertThat(clock.totalSlept()).isZero();
    }

    @Test
    void advancingIsNotSleeping() {
        FakeClock clock = new FakeClock(START);

        clock.advance(Duration.ofHours(1));

        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void sleepsListIsAnImmutableSnapshot() throws InterruptedException {
        FakeClock clock = new FakeClock(START);
        clock.sleep(Duration.ofSeconds(1));

        List<Duration> snapshot = clock.sleeps();
        clock.sleep(Duration.ofSeconds(1));

        assertThat(snapshot).hasSize(1);
        assertThatThrownBy(() -> snapshot.add(Duration.ZERO)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void clearSleepsForgetsSleepsButKeepsTheTime() throws InterruptedException {
        FakeClock clock = new FakeClock(START);
        clock.sleep(Duration.ofSeconds(7));

        clock.clearSleeps();

        assertThat(clock.sleeps()).isEmpty();
        assertThat(clock.totalSlept()).isZero();
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(7));
    }

    @Test
    void sleepOnAnInterruptedThreadThrowsAndClearsTheFlag() {
        FakeClock clock = new FakeClock(START);
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> clock.sleep(Duration.ofSeconds(1))).isInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void zonedCopySharesTheTimeAndTheSleeps() throws InterruptedException {
        FakeClock clock = new FakeClock(START);
        ZoneId paris = ZoneId.of("Europe/Paris");

        FakeClock inParis = clock.withZone(paris);
        clock.advance(Duration.ofSeconds(10));
        inParis.sleep(Duration.ofSeconds(5));

        assertThat(inParis.getZone()).isEqualTo(paris);
        assertThat(inParis.instant()).isEqualTo(START.plusSeconds(15));
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(15));
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(5));
        assertThat(inParis).isNotEqualTo(clock);
        assertThat(inParis.withZone(ZoneOffset.UTC)).isEqualTo(clock);
        assertThat(new FakeClock(START)).isNotEqualTo(new FakeClock(START));
    }

    @Test
    void listenersHearEveryMoveUntilRemoved() throws InterruptedException {
        FakeClock clock = new FakeClock(START);
        List<String> moves = new ArrayList<>();
        FakeClock.Listener listener = (from, to) -> moves.add(from + "->" + to);
        clock.addListener(listener);

        clock.advance(Duration.ofSeconds(1));
        clock.sleep(Duration.ofSeconds(2));
        clock.set(START);
        clock.removeListener(listener);
        clock.advance(Duration.ofSeconds(4));

        assertThat(moves).containsExactly(
                START + "->" + START.plusSeconds(1),
                START.plusSeconds(1) + "->" + START.plusSeconds(3),
                START.plusSeconds(3) + "->" + START);
    }

    @Test
    void concurrentSleepsAddUpExactly() throws Exception {
        FakeClock clock = new FakeClock(START);
        int threads = 8;
        int sleepsPerThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> results = new ArrayList<>();
        long expectedNanos = 0;
        try {
            for (int t = 0; t < threads; t++) {
                Duration each = Duration.ofMillis(t + 1).plusNanos(t);
                expectedNanos += each.toNanos() * sleepsPerThread;
                results.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < sleepsPerThread; i++) {
                        clock.sleep(each);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> result : results) {
                result.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(clock.totalSlept()).isEqualTo(Duration.ofNanos(expectedNanos));
        assertThat(clock.sleeps()).hasSize(threads * sleepsPerThread);
        assertThat(clock.sleeps().stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofNanos(expectedNanos));
        assertThat(clock.instant()).isEqualTo(START.plusNanos(expectedNanos));
    }
}
