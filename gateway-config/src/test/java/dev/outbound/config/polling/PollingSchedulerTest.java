package dev.outbound.config.polling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outbound.config.ConfigKey;
import dev.outbound.config.FixedConfigStore;
import dev.outbound.config.Json;
import dev.outbound.config.LoadedConfig;
import dev.outbound.config.spi.ChangePage;
import dev.outbound.config.spi.ChangeRequest;
import dev.outbound.config.spi.ChangeSource;
import dev.outbound.config.spi.Cursor;
import dev.outbound.config.spi.CursorStore;
import dev.outbound.testkit.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PollingSchedulerTest {

    private static final Instant START = Instant.parse("2026-01-05T10:20:00Z");
    private static final ConfigKey KEY = ConfigKey.of("acme", "crm");

    private final FakeClock clock = new FakeClock(START);
    private final Provider provider = new Provider();
    private final List<String> handedOff = Collections.synchronizedList(new ArrayList<>());

    /**
     * A provider that answers "modified after the cursor, up to the window's end" from records it holds, a page at a
     * time, as a last-modified-timestamp adapter would.
     */
    static final class Provider implements ChangeSource {
        final List<JsonNode> records = new ArrayList<>();
        int pageSize = 100;
        int fetches;

        void add(String id, Instant modified) {
            records.add(Json.parse("{'id': '" + id + "', 'modified': '" + modified + "'}"));
        }

        @Override
        public synchronized ChangePage fetch(ChangeRequest request) {
            fetches++;
            Instant from = request.from().map(Cursor::asInstant).orElse(Instant.EPOCH);
            List<JsonNode> window = records.stream()
                    .filter(r -> {
                        Instant m = Instant.parse(r.get("modified").textValue());
                        return m.isAfter(from) && !m.isAfter(request.until());
                    })
                    .sorted((a, b) -> a.get("modified").textValue().compareTo(b.get("modified").textValue()))
                    .toList();
            if (window.size() > pageSize) {
                List<JsonNode> page = window.subList(0, pageSize);
                Instant last = Instant.parse(page.get(pageSize - 1).get("modified").textValue());
                return new ChangePage(page, Cursor.ofInstant(last), true);
            }
            return new ChangePage(window, Cursor.ofInstant(request.until()), false);
        }
    }

    private static LoadedConfig config(String schedule) {
        return FixedConfigStore.load(Json.doc("acme", "crm", "").replace("{\"type\": \"interval\", \"every\": \"PT10M\"}", schedule));
    }

    private PollingScheduler.Builder scheduler(LoadedConfig config, CursorStore cursors) {
        return PollingScheduler.builder()
                .clock(clock)
                .configs(new FixedConfigStore(config))
                .changeSources(c -> Optional.of(provider))
                .cursors(cursors)
                .handler((c, records) -> records.forEach(r -> handedOff.add(r.get("id").textValue())));
    }

    @Test
    void aRestartResumesAtTheStoredCursorSoNoWindowIsSkippedOrRepeated(@TempDir Path dir) {
        LoadedConfig config = config("{\"type\": \"interval\", \"every\": \"PT5M\"}");
        provider.add("r1", START.minusSeconds(60));
        provider.add("r2", START.minusSeconds(30));

        PollingScheduler first = scheduler(config, new FileCursorStore(dir)).build();
        assertThat(first.runDue()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(PollResult.Outcome.POLLED);
            assertThat(r.records()).isEqualTo(2);
            assertThat(r.nextDue()).isEqualTo(START.plus(Duration.ofMinutes(5)));
        });

        // The process dies; a record changes meanwhile; a new process starts with the same cursor files.
        provider.add("r3", START.plusSeconds(90));
        clock.advance(Duration.ofMinutes(7));
        PollingScheduler second = scheduler(config, new FileCursorStore(dir)).build();
        assertThat(second.runDue()).singleElement().satisfies(r -> assertThat(r.records()).isEqualTo(1));

        assertThat(handedOff).containsExactly("r1", "r2", "r3");
    }

    @Test
    void aFailedHandOffLeavesTheCursorSoTheWindowIsAskedForAgain() {
        LoadedConfig config = config("{\"type\": \"interval\", \"every\": \"PT5M\"}");
        provider.add("r1", START.minusSeconds(60));
        InMemoryCursorStore cursors = new InMemoryCursorStore();
        AtomicInteger calls = new AtomicInteger();
        PollingScheduler scheduler = scheduler(config, cursors)
                .handler((c, records) -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("downstream unavailable");
                    }
                    records.forEach(r -> handedOff.add(r.get("id").textValue()));
                })
                .build();

        assertThat(scheduler.runDue()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(PollResult.Outcome.FAILED);
            assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("downstream unavailable"));
        });
        assertThat(cursors.load(KEY)).isEmpty();
        assertThat(scheduler.runDue()).as("not due again before its interval").isEmpty();

        clock.advance(Duration.ofMinutes(5));
        assertThat(scheduler.runDue()).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(PollResult.Outcome.POLLED));
        assertThat(handedOff).containsExactly("r1");
        assertThat(cursors.load(KEY)).contains(Cursor.ofInstant(START.plus(Duration.ofMinutes(5))));
    }

    @Test
    void pagesWithinAPollAndPollsAgainSoonWhenABacklogRemains() {
        LoadedConfig config = config("{\"type\": \"interval\", \"every\": \"PT10M\", \"min\": \"PT1M\", \"max\": \"PT1H\"}");
        for (int i = 0; i < 7; i++) {
            provider.add("r" + i, START.minusSeconds(100 - i));
        }
        provider.pageSize = 2;
        PollingScheduler scheduler = scheduler(config, new InMemoryCursorStore()).maxPagesPerPoll(3).build();

        assertThat(scheduler.runDue()).singleElement().satisfies(r -> {
            assertThat(r.pages()).isEqualTo(3);
            assertThat(r.records()).isEqualTo(6);
            assertThat(r.interval()).isEqualTo(Duration.ofMinutes(1));
        });
        clock.advance(Duration.ofMinutes(1));
        assertThat(scheduler.runDue()).singleElement().satisfies(r -> assertThat(r.records()).isEqualTo(1));
        assertThat(handedOff).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6");
    }

    @Test
    void adaptsTheIntervalToTheChangeRateWithinItsBounds() {
        LoadedConfig config = config("{\"type\": \"interval\", \"every\": \"PT5M\", \"min\": \"PT1M\", \"max\": \"PT1H\"}");
        PollingScheduler scheduler = scheduler(config, new InMemoryCursorStore()).targetChangesPerPoll(10).build();

        List<Duration> quiet = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            PollResult r = scheduler.runDue().get(0);
            quiet.add(r.interval());
            clock.advance(r.interval());
        }
        assertThat(quiet).containsExactly(Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(40),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1));

        // A busy hour: 600 changes, 10 a minute. Aiming at 10 per poll the interval falls towards a minute.
        Instant now = clock.instant();
        for (int i = 0; i < 600; i++) {
            provider.add("b" + i, now.minusSeconds(i * 6L));
        }
        PollResult busy = scheduler.runDue().get(0);
        assertThat(busy.records()).isEqualTo(600);
        assertThat(busy.interval()).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(2));
    }

    @Test
    void cronSchedulesPollAtTheirFireTimes() {
        LoadedConfig config = config("{\"type\": \"cron\", \"expression\": \"0 * * * *\"}");
        PollingScheduler scheduler = scheduler(config, new InMemoryCursorStore()).build();
        assertThat(scheduler.runDue()).isEmpty();
        assertThat(scheduler.nextDue(KEY)).contains(Instant.parse("2026-01-05T11:00:00Z"));
        clock.advance(Duration.ofMinutes(39));
        assertThat(scheduler.runDue()).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(scheduler.runDue()).singleElement().satisfies(r ->
                assertThat(r.nextDue()).isEqualTo(Instant.parse("2026-01-05T12:00:00Z")));
        assertThat(provider.fetches).isEqualTo(1);
    }

    @Test
    void neverPollsWebhookIntegrationsAndSaysWhenNoSourceServesOne() {
        LoadedConfig webhook = config("{\"type\": \"webhook\"}");
        PollingScheduler scheduler = scheduler(webhook, new InMemoryCursorStore()).build();
        assertThat(scheduler.runDue()).isEmpty();
        assertThat(scheduler.nextDue(KEY)).isEmpty();

        PollingScheduler noSource = scheduler(config("{\"type\": \"interval\", \"every\": \"PT5M\"}"), new InMemoryCursorStore())
                .changeSources(c -> Optional.empty()).build();
        assertThat(noSource.runDue()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(PollResult.Outcome.NO_SOURCE);
            assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("hubspot"));
        });
        assertThat(provider.fetches).isZero();
    }

    @Test
    void endsTimestampWindowsTheSettleDelayBeforeNow() {
        LoadedConfig config = config("{\"type\": \"interval\", \"every\": \"PT5M\"}");
        provider.add("late", START.minusSeconds(10));
        PollingScheduler scheduler = scheduler(config, new InMemoryCursorStore()).settleDelay(Duration.ofSeconds(30)).build();
        assertThat(scheduler.runDue().get(0).records()).isZero();
        clock.advance(Duration.ofMinutes(5));
        assertThat(scheduler.runDue().get(0).records()).isEqualTo(1);
        assertThat(handedOff).containsExactly("late");
    }
}
