package dev.outbound.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mapping source that no record of a run has (a misspelt field, one the account does not expose) is reported once
 * for the run, instead of leaving every target silently empty.
 */
class AbsentMappingSourceTest {

    private static final LoadedConfig CONFIG = ConfigLoader.ofDefaults().load("test.json", ConfigLoader.Format.JSON,
            Json.doc("acme", "contacts", """
                    "filter": {"field": "IsDeleted", "equals": false},
                    "mappings": [
                      {"source": "Id", "target": "id"},
                      {"source": "Emial", "target": "email"},
                      {"source": "Phones[*].number", "target": "phones"},
                      {"source": "Title", "target": "title"}
                    ]""").getBytes(StandardCharsets.UTF_8));

    private final Logger log = (Logger) LoggerFactory.getLogger(RecordProcessor.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        log.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        log.detachAppender(logged);
    }

    private static List<JsonNode> records() {
        return List.of(
                Json.parse("{'Id': '1', 'Email': 'ada@example.com', 'IsDeleted': false, 'Title': null}"),
                Json.parse("{'Id': '2', 'Email': 'grace@example.com', 'IsDeleted': false, 'Phones': []}"),
                Json.parse("{'Id': '3', 'Email': 'alan@example.com', 'IsDeleted': false}"),
                Json.parse("{'Id': '4', 'Emial': 'deleted@example.com', 'IsDeleted': true}"));
    }

    @Test
    void aSourceAbsentFromEveryRecordOfARunIsOneWarningOfTheResult() {
        BatchResult result = RecordProcessor.process(CONFIG, records());

        assertThat(result.mapped()).hasSize(3);
        assertThat(result.warnings()).containsExactly(
                "source 'Emial' of mapping 1 was absent from all 3 records",
                "source 'Phones[*].number' of mapping 2 was absent from all 3 records");
    }

    @Test
    void eachAbsentSourceIsLoggedOnceAtWarnWithoutRecordValues() {
        RecordProcessor.process(CONFIG, records());

        List<ILoggingEvent> emial = logged.list.stream()
                .filter(e -> e.getFormattedMessage().contains("'Emial'")).toList();
        assertThat(emial).hasSize(1);
        assertThat(emial.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(emial.get(0).getFormattedMessage()).contains("contacts").contains("acme")
                .doesNotContain("example.com");
        assertThat(logged.list).hasSize(2);
    }

    @Test
    void aSourceThatOneRecordHasOrHasAsNullIsNotReported() {
        BatchResult result = RecordProcessor.process(CONFIG, List.of(
                Json.parse("{'Id': '1', 'IsDeleted': false, 'Title': null}"),
                Json.parse("{'Id': '2', 'IsDeleted': false, 'Emial': 'x', 'Phones': [{'number': '1'}]}")));

        assertThat(result.warnings()).isEmpty();
        assertThat(logged.list).isEmpty();
    }

    @Test
    void aRunWithNoRecordReachingTheMappingsReportsNothing() {
        assertThat(RecordProcessor.process(CONFIG, List.of()).warnings()).isEmpty();
        assertThat(RecordProcessor.process(CONFIG, List.of(Json.parse("{'IsDeleted': true}"))).warnings()).isEmpty();
        assertThat(logged.list).isEmpty();
    }

    @Test
    void aRunThatFeedsRecordsOneByOneGetsTheSameWarningsAtItsEnd() {
        var sightings = CONFIG.mapper().sightings();
        for (JsonNode record : records()) {
            if (RecordProcessor.processRecord(CONFIG, record) instanceof RecordOutcome.Mapped) {
                sightings.observe(record);
            }
        }

        assertThat(RecordProcessor.warnings(CONFIG, sightings))
                .containsExactly("source 'Emial' of mapping 1 was absent from all 3 records",
                        "source 'Phones[*].number' of mapping 2 was absent from all 3 records");
    }
}
