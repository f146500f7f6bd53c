package dev.outbound.config.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.outbound.config.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldPathTest {

    private final JsonNode record = Json.parse("""
            {'id': 'A1', 'addresses': [{'city': 'Berlin'}, {'city': 'Paris', 'zip': '75001'}],
             'lines': [{'amount': 1}, {'sku': 'x'}, {'amount': 3}], 'Custom__c': 'c'}""");

    @Test
    void readsNestedObjectsAndArrayElements() {
        assertThat(FieldPath.parse("addresses[1].city").read(record).textValue()).isEqualTo("Paris");
        assertThat(FieldPath.parse("Custom__c").read(record).textValue()).isEqualTo("c");
    }

    @Test
    void missingStepsReadAsMissing() {
        assertThat(FieldPath.parse("addresses[5].city").read(record).isMissingNode()).isTrue();
        assertThat(FieldPath.parse("id.nested").read(record).isMissingNode()).isTrue();
        assertThat(FieldPath.parse("nothing.here[0]").read(record).isMissingNode()).isTrue();
    }

    @Test
    void wildcardsKeepPositionsForMissingLeaves() {
        List<JsonNode> out = new ArrayList<>();
        FieldPath.parse("lines[*].amount").readAll(record, out);
        assertThat(out).hasSize(3);
        assertThat(out.get(0).intValue()).isEqualTo(1);
        assertThat(out.get(1).isMissingNode()).isTrue();
        assertThat(out.get(2).intValue()).isEqualTo(3);

        List<JsonNode> none = new ArrayList<>();
        FieldPath.parse("orders[*].amount").readAll(record, none);
        assertThat(none).isEmpty();
    }

    @Test
    void writesCreateObjectsAndPaddedArrays() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        FieldPath.parse("contact.emails[2]").write(out, TextNode.valueOf("a@b"), 0);
        FieldPath.parse("items[*].total").write(out, TextNode.valueOf("t1"), 1);
        assertThat(out).isEqualTo(Json.parse("{'contact': {'emails': [null, null, 'a@b']}, 'items': [null, {'total': 't1'}]}"));
    }

    @Test
    void writingThroughAScalarFailsWithAMappingError() {
        ObjectNode out = (ObjectNode) Json.parse("{'a': 'text'}");
        assertThatThrownBy(() -> FieldPath.parse("a.b").write(out, TextNode.valueOf("x"), 0))
                .isInstanceOf(MappingException.class).hasMessageContaining("already in the way");
    }

    @Test
    void rejectsMalformedPathsNamingThePosition() {
        assertThatThrownBy(() -> FieldPath.parse("a..b")).hasMessageContaining("position 2");
        assertThatThrownBy(() -> FieldPath.parse("a[x]")).hasMessageContaining("expected [n] or [*]");
        assertThatThrownBy(() -> FieldPath.parse("a[1")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> FieldPath.parse("a.")).hasMessageContaining("ends with '.'");
        assertThatThrownBy(() -> FieldPath.parse("a b")).hasMessageContaining("unexpected ' '");
        assertThatThrownBy(() -> FieldPath.parse("a[99999]")).hasMessageContaining("above");
    }
}
