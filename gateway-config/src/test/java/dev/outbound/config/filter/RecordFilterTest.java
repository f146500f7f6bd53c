package dev.outbound.config.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbound.config.Json;
import dev.outbound.config.filter.FilterSpec.Condition;
import dev.outbound.config.filter.FilterSpec.Operator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordFilterTest {

    private final JsonNode record = Json.parse("""
            {'status': 'active', 'amount': 150.5, 'count': '12', 'email': 'ada@acme.com', 'deleted': null,
             'created': '2026-03-01T10:00:00Z', 'tags': [{'name': 'vip'}, {'name': 'eu'}]}""");

    private static RecordFilter condition(String field, Operator op, String operand) {
        return RecordFilter.compile(new Condition(field, op, Json.parse(operand)));
    }

    @Test
    void equalsComparesNumbersByValueAndOtherValuesExactly() {
        assertThat(condition("status", Operator.EQUALS, "'active'").test(record)).isTrue();
        assertThat(condition("status", Operator.EQUALS, "'Active'").test(record)).isFalse();
        assertThat(condition("amount", Operator.EQUALS, "150.50").test(record)).isTrue();
        assertThat(condition("count", Operator.EQUALS, "12").test(record)).isFalse();
    }

    @Test
    void inMatchesAnyListedValue() {
        assertThat(condition("status", Operator.IN, "['active', 'trial']").test(record)).isTrue();
        assertThat(condition("status", Operator.IN, "['closed']").test(record)).isFalse();
    }

    @Test
    void comparesNumbersNumericTextsAndIsoTimestamps() {
        assertThat(condition("amount", Operator.GREATER_THAN, "100").test(record)).isTrue();
        assertThat(condition("amount", Operator.GREATER_THAN, "150.5").test(record)).isFalse();
        assertThat(condition("amount", Operator.GREATER_THAN_OR_EQUAL, "150.5").test(record)).isTrue();
        assertThat(condition("amount", Operator.LESS_THAN, "200").test(record)).isTrue();
        assertThat(condition("amount", Operator.LESS_THAN_OR_EQUAL, "150").test(record)).isFalse();
        assertThat(condition("count", Operator.GREATER_THAN, "9").test(record)).isTrue();
        assertThat(condition("created", Operator.GREATER_THAN_OR_EQUAL, "'2026-01-01T00:00:00Z'").test(record)).isTrue();
        assertThat(condition("status", Operator.GREATER_THAN, "5").test(record)).isFalse();
        assertThat(condition("status", Operator.LESS_THAN, "5").test(record)).isFalse();
    }

    @Test
    void missingAndNullFieldsFailComparisonsAndOnlySatisfyExistsFalse() {
        assertThat(condition("deleted", Operator.EXISTS, "false").test(record)).isTrue();
        assertThat(condition("nothing", Operator.EXISTS, "false").test(record)).isTrue();
        assertThat(condition("email", Operator.EXISTS, "true").test(record)).isTrue();
        assertThat(condition("nothing", Operator.LESS_THAN, "5").test(record)).isFalse();
        assertThat(condition("deleted", Operator.EQUALS, "null").test(record)).isFalse();
    }

    @Test
    void matchesFindsAPatternAndSkipsOverlongInput() {
        assertThat(condition("email", Operator.MATCHES, "'@acme\\\\.com$'").test(record)).isTrue();
        assertThat(condition("email", Operator.MATCHES, "'^bob'").test(record)).isFalse();
        RecordFilter bounded = RecordFilter.compile(new Condition("text", Operator.MATCHES, Json.parse("'(a+)+$'"), 50));
        // The classic catastrophic pattern on a long non-matching input: skipped, not scanned for minutes.
        JsonNode evil = Json.MAPPER.createObjectNode().put("text", "a".repeat(5_000) + "!");
        long start = System.nanoTime();
        assertThat(bounded.test(evil)).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
        assertThat(bounded.test(Json.MAPPER.createObjectNode().put("text", "aaa"))).isTrue();
    }

    @Test
    void wildcardConditionsHoldWhenAnyElementDoes() {
        assertThat(condition("tags[*].name", Operator.EQUALS, "'eu'").test(record)).isTrue();
        assertThat(condition("tags[*].name", Operator.EQUALS, "'us'").test(record)).isFalse();
        assertThat(condition("tags[*].missing", Operator.EXISTS, "false").test(record)).isTrue();
    }

    @Test
    void combinesWithAllAndAny() {
        FilterSpec active = new Condition("status", Operator.EQUALS, Json.parse("'active'"));
        FilterSpec big = new Condition("amount", Operator.GREATER_THAN, Json.parse("1000"));
        assertThat(RecordFilter.compile(new FilterSpec.All(List.of(active, big))).test(record)).isFalse();
        assertThat(RecordFilter.compile(new FilterSpec.Any(List.of(active, big))).test(record)).isTrue();
        assertThat(RecordFilter.compile(new FilterSpec.Any(List.of(big))).test(record)).isFalse();
        assertThat(RecordFilter.compile(new FilterSpec.All(List.of())).test(record)).isTrue();
    }

    @Test
    void rejectsBadOperandsWhenCompiled() {
        assertThatThrownBy(() -> condition("a", Operator.MATCHES, "'(unclosed'"))
                .hasMessageContaining("invalid regular expression");
        assertThatThrownBy(() -> condition("a", Operator.IN, "'x'")).hasMessageContaining("array");
        assertThatThrownBy(() -> condition("a", Operator.EXISTS, "'yes'")).hasMessageContaining("true or false");
        assertThatThrownBy(() -> condition("a", Operator.GREATER_THAN, "{}")).hasMessageContaining("number or a text");
    }

    /** Regression: a double NaN (a record built from Java objects) threw NumberFormatException out of the filter. */
    @Test
    void aNaNOrInfiniteDoubleIsNotComparableInsteadOfThrowing() {
        for (double notFinite : new double[]{Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            ObjectNode odd = Json.MAPPER.createObjectNode().put("amount", notFinite);
            assertThat(condition("amount", Operator.GREATER_THAN, "0").test(odd)).isFalse();
            assertThat(condition("amount", Operator.LESS_THAN, "0").test(odd)).isFalse();
            assertThat(condition("amount", Operator.EQUALS, "0").test(odd)).isFalse();
            assertThat(condition("amount", Operator.IN, "[0, 1]").test(odd)).isFalse();
            assertThat(condition("amount", Operator.EXISTS, "true").test(odd)).isTrue();
        }
    }
}
