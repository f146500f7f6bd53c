package dev.outbound.config.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.outbound.config.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordMapperTest {

    private final TransformRegistry registry = TransformRegistry.builtins();

    private static FieldMapping map(String source, String target) {
        return FieldMapping.of(source, target);
    }

    private ObjectNode apply(JsonNode record, FieldMapping... mappings) {
        return RecordMapper.compile(List.of(mappings), registry).apply(record);
    }

    @Test
    void movesFieldsBetweenNestedPathsAndArrayElements() {
        JsonNode record = Json.parse("{'Id': '1', 'addresses': [{'city': 'Berlin'}], 'Custom__c': 'x'}");
        ObjectNode out = apply(record, map("Id", "id"), map("addresses[0].city", "location.city"),
                map("Custom__c", "custom.fields[0]"));
        assertThat(out).isEqualTo(Json.parse("{'id': '1', 'location': {'city': 'Berlin'}, 'custom': {'fields': ['x']}}"));
    }

    @Test
    void mapsArraysElementByElementWithDefaultsPerElement() {
        JsonNode record = Json.parse("{'lines': [{'amount': 5, 'sku': 'A'}, {'sku': 'B'}, {'amount': 7, 'sku': ''}]}");
        ObjectNode out = apply(record,
                map("lines[*].amount", "items[*].total").withDefault(IntNode.valueOf(0)),
                map("lines[*].sku", "items[*].code"));
        assertThat(out).isEqualTo(Json.parse(
                "{'items': [{'total': 5, 'code': 'A'}, {'total': 0, 'code': 'B'}, {'total': 7}]}"));
    }

    @Test
    void collectsAWildcardSourceIntoOneArray() {
        JsonNode record = Json.parse("{'lines': [{'amount': 5}, {}, {'amount': 7}]}");
        assertThat(apply(record, map("lines[*].amount", "amounts"))).isEqualTo(Json.parse("{'amounts': [5, null, 7]}"));
    }

    @Test
    void missingNullAndEmptySourcesTakeTheDefaultOrAreLeftOut() {
        JsonNode record = Json.parse("{'a': null, 'b': '', 'c': 'present'}");
        ObjectNode out = apply(record,
                map("a", "x").withDefault(TextNode.valueOf("dx")),
                map("b", "y").withDefault(TextNode.valueOf("dy")),
                map("missing.deep[3]", "z").withDefault(TextNode.valueOf("dz")),
                map("nowhere", "w"),
                map("c", "v").withDefault(TextNode.valueOf("unused")));
        assertThat(out).isEqualTo(Json.parse("{'x': 'dx', 'y': 'dy', 'z': 'dz', 'v': 'present'}"));
    }

    @Test
    void defaultsAreWrittenWithoutRunningTransforms() {
        FieldMapping m = map("country", "country").withTransform(TransformSpec.of("lower"))
                .withDefault(TextNode.valueOf("US"));
        assertThat(apply(Json.parse("{}"), m).get("country").textValue()).isEqualTo("US");
        assertThat(apply(Json.parse("{'country': 'DE'}"), m).get("country").textValue()).isEqualTo("de");
    }

    @Test
    void aMappingWithoutSourceWritesAConstant() {
        FieldMapping constant = new FieldMapping(List.of(), "origin", List.of(), Optional.of(TextNode.valueOf("hubspot")));
        assertThat(apply(Json.parse("{}"), constant).get("origin").textValue()).isEqualTo("hubspot");
    }

    @Test
    void chainsTransformsInOrder() {
        FieldMapping m = map("email", "email").withTransform(TransformSpec.of("trim")).withTransform(TransformSpec.of("upper"));
        assertThat(apply(Json.parse("{'email': '  a@b.c '}"), m).get("email").textValue()).isEqualTo("A@B.C");
    }

    @Test
    void failuresNameTheMappingButNotTheValues() {
        FieldMapping m = map("amount", "total").withTransform(new TransformSpec("number",
                (ObjectNode) Json.parse("{}")));
        assertThatThrownBy(() -> apply(Json.parse("{'amount': 'secret-text'}"), map("id", "id"), m))
                .isInstanceOf(MappingException.class)
                .hasMessageStartingWith("mapping 1 (source 'amount', target 'total'): transform 'number': expects a number")
                .hasMessageNotContaining("secret-text");
    }

    @Test
    void rejectsShapesItCannotMapAtCompileTime() {
        assertThatThrownBy(() -> RecordMapper.compile(List.of(map("a", "x"), map("b", "x")), registry))
                .isInstanceOf(InvalidMappingException.class)
                .satisfies(e -> assertThat(((InvalidMappingException) e).index()).isEqualTo(1))
                .hasMessageContaining("target of an earlier mapping");
        assertThatThrownBy(() -> RecordMapper.compile(List.of(map("a", "items[*].x")), registry))
                .hasMessageContaining("needs a source with [*]");
        assertThatThrownBy(() -> RecordMapper.compile(List.of(map("a[*].b[*]", "items[*].x")), registry))
                .hasMessageContaining("several [*]");
        assertThatThrownBy(() -> RecordMapper.compile(List.of(map("a[*]", "items[*].x[*]")), registry))
                .hasMessageContaining("at most one [*]");
        assertThatThrownBy(() -> RecordMapper.compile(List.of(map("a", "b").withTransform(TransformSpec.of("nope"))), registry))
                .isInstanceOf(InvalidMappingException.class)
                .satisfies(e -> assertThat(((InvalidMappingException) e).member()).isEqualTo("transform"));
    }

    @Test
    void outputNeverSharesNodesWithTheSourceRecord() {
        JsonNode record = Json.parse("{'address': {'city': 'Berlin'}}");
        ObjectNode out = apply(record, map("address", "addr"));
        ((ObjectNode) out.get("addr")).put("city", "changed");
        assertThat(record.at("/address/city").textValue()).isEqualTo("Berlin");
    }
}
