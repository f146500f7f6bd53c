package dev.outbound.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.outbound.config.filter.RecordFilter;
import dev.outbound.config.mapping.TransformRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Regression tests for "one bad record loses the batch": a transform that threw or returned null, a null record, or
 * "NaN" through the {@code number} transform made {@link RecordProcessor#process} throw, with none of the 100
 * records accounted for. Now each record ends mapped, filtered out or failed with a reason, and the rest of the
 * batch goes on.
 */
class EveryRecordAccountedForTest {

    private static final int BAD = 42;

    /** Transforms that misbehave on the record whose code is "bad", and behave on every other one. */
    private static final TransformRegistry TRANSFORMS = TransformRegistry.builder()
            .register("checkCode", v -> {
                if (v.asText().equals("bad")) {
                    throw new IllegalArgumentException("code rejected");
                }
                return v;
            })
            .register("nullOnBad", v -> v.asText().equals("bad") ? null : v)
            .register("leaky", v -> {
                if (v.asText().equals("bad")) {
                    throw new IllegalStateException("line one\nline two\u0007 Authorization: Bearer "
                            + "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl and then "
                            + "x".repeat(10_000));
                }
                return v;
            })
            .register("crash", v -> {
                if (v.asText().equals("bad")) {
                    throw new AssertionError("a JVM error is not a bad record");
                }
                return v;
            })
            .build();

    private static LoadedConfig config(String onError, String codeTransform) {
        String document = """
                {"schemaVersion": 1, "customer": "acme", "integration": "erp-invoices", "provider": "erp",
                 "credentialRef": "demo/erp/acme", "direction": "inbound",
                 "schedule": {"type": "interval", "every": "PT15M"}, "onError": "%s",
                 "mappings": [
                   {"source": "id", "target": "id"},
                   {"source": "code", "target": "code", "transform": %s},
                   {"source": "amount", "target": "amount",
                    "transform": {"type": "number", "parsePattern": "#,##0.##"}}
                 ]}""".formatted(onError, codeTransform);
        return ConfigLoader.builder().transforms(TRANSFORMS).build()
                .load("test.json", ConfigLoader.Format.JSON, document.getBytes(StandardCharsets.UTF_8));
    }

    private static LoadedConfig config(String codeTransform) {
        return config("skip", codeTransform);
    }

    /** 100 invoices; the one at {@link #BAD} has the code "bad" (and, when asked, the amount {@code badAmount}). */
    private static List<JsonNode> invoices(String badAmount) {
        List<JsonNode> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            records.add(Json.parse("{'id': " + i + ", 'code': '" + (i == BAD ? "bad" : "C-" + i) + "', 'amount': '"
                    + (i == BAD && badAmount != null ? badAmount : "1,234.5") + "'}"));
        }
        return records;
    }

    @Test
    void aTransformThatThrowsFailsItsOwnRecordAndTheOther99AreMapped() {
        BatchResult result = RecordProcessor.process(config("{\"type\": \"checkCode\"}"), invoices(null));

        assertThat(result.mapped()).hasSize(99);
        assertThat(result.failed()).singleElement().satisfies(f -> {
            assertThat(f.index()).isEqualTo(BAD);
            assertThat(f.reason()).contains("target 'code'").contains("transform 'checkCode'")
                    .contains("IllegalArgumentException").contains("code rejected");
        });
        assertThat(result.mapped()).extracting(r -> r.get("id").intValue()).doesNotContain(BAD).hasSize(99);

        // A JVM error is not a bad record: it still ends the batch.
        LoadedConfig crashing = config("{\"type\": \"crash\"}");
        assertThatThrownBy(() -> RecordProcessor.process(crashing, invoices(null))).isInstanceOf(AssertionError.class);
    }

    @Test
    void aTransformThatReturnsNullFailsItsOwnRecordInsteadOfTheBatch() {
        BatchResult result = RecordProcessor.process(config("{\"type\": \"nullOnBad\"}"), invoices(null));

        assertThat(result.mapped()).hasSize(99);
        assertThat(result.failed()).singleElement().satisfies(f -> {
            assertThat(f.index()).isEqualTo(BAD);
            assertThat(f.reason()).contains("target 'code'").contains("transform 'nullOnBad'").contains("null");
        });
    }

    @Test
    void aNullRecordFailsItselfAndTheOthersAreMapped() {
        List<JsonNode> records = invoices(null);
        records.set(7, null);
        records.set(8, NullNode.getInstance());
        records.set(9, TextNode.valueOf("not an object"));

        BatchResult result = RecordProcessor.process(config("{\"type\": \"trim\"}"), records);

        assertThat(result.mapped()).hasSize(97);
        assertThat(result.failed()).extracting(BatchResult.FailedRecord::index).containsExactly(7, 8, 9);
        assertThat(result.failed()).extracting(BatchResult.FailedRecord::reason)
                .containsExactly("record is null", "record is null", "record is a string, not an object");
    }

    @Test
    void nanAndInfinityThroughNumberWithAParsePatternFailTheirRecordInsteadOfAClassCastException() {
        for (String notFinite : List.of("NaN", "\u221E", "-\u221E")) {
            BatchResult result = RecordProcessor.process(config("{\"type\": \"trim\"}"), invoices(notFinite));

            assertThat(result.mapped()).as(notFinite).hasSize(99);
            assertThat(result.failed()).as(notFinite).singleElement().satisfies(f -> {
                assertThat(f.index()).isEqualTo(BAD);
                assertThat(f.reason()).contains("target 'amount'").contains("transform 'number'")
                        .contains("not a finite number").doesNotContain("ClassCast");
            });
        }
    }

    @Test
    void aFilterThatThrowsFailsItsOwnRecordOnly() {
        LoadedConfig loaded = config("{\"type\": \"trim\"}");
        RecordFilter picky = record -> {
            if (record.path("id").intValue() == BAD) {
                throw new UnsupportedOperationException("cannot decide");
            }
            return record.path("id").intValue() % 10 != 0;
        };
        LoadedConfig config = new LoadedConfig(loaded.config(), loaded.mapper(), picky, "test", 1, Instant.EPOCH);

        BatchResult result = RecordProcessor.process(config, invoices(null));

        assertThat(result.filteredOut()).isEqualTo(10);
        assertThat(result.mapped()).hasSize(89);
        assertThat(result.failed()).singleElement().satisfies(f -> {
            assertThat(f.index()).isEqualTo(BAD);
            assertThat(f.reason()).contains("filter").contains("UnsupportedOperationException");
        });
        assertThat(result.total()).isEqualTo(100);
    }

    @Test
    void aReasonKeepsWhatATransformSaidOnOneBoundedLineWithoutItsSecrets() {
        BatchResult result = RecordProcessor.process(config("{\"type\": \"leaky\"}"), invoices(null));

        assertThat(result.failed()).singleElement().satisfies(f -> {
            assertThat(f.reason()).contains("transform 'leaky'").contains("line one\\nline two\\u0007")
                    .doesNotContain("\n").doesNotContain("eyJhbGciOiJIUzI1NiJ9").doesNotContain("c2lnbmF0dXJl");
            assertThat(f.reason().length()).isLessThan(600);
        });
    }

    @Test
    void aHaltedBatchCountsTheRecordsItNeverTried() {
        BatchResult result = RecordProcessor.process(config("halt", "{\"type\": \"checkCode\"}"), invoices(null));

        assertThat(result.halted()).isTrue();
        assertThat(result.mapped()).hasSize(BAD);
        assertThat(result.failed()).extracting(BatchResult.FailedRecord::index).containsExactly(BAD);
        assertThat(result.notAttempted()).isEqualTo(100 - BAD - 1);
        assertThat(result.total()).isEqualTo(100);
        assertThat(result).hasToString("halted: 42 mapped, 0 filtered out, 1 failed, 57 not attempted of 100");
    }
}
