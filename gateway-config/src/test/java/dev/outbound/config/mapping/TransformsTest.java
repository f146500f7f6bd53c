package dev.outbound.config.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.outbound.config.Json;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransformsTest {

    private static final FixedRateTable RATES = FixedRateTable.builder()
            .rate("USD", "EUR", "0.9")
            .rate("EUR", "JPY", "160.5")
            .build();
    private final TransformRegistry registry = TransformRegistry.builder().rateTable(RATES).build();

    private Transform transform(String json) {
        ObjectNode node = (ObjectNode) Json.parse(json);
        String type = node.remove("type").textValue();
        return registry.create(new TransformSpec(type, node));
    }

    private JsonNode apply(String spec, String value) {
        return transform(spec).apply(Json.parse(value));
    }

    @Test
    void trimsUppercasesAndLowercases() {
        assertThat(apply("{'type':'trim'}", "'  Ada  '").textValue()).isEqualTo("Ada");
        assertThat(apply("{'type':'upper'}", "'straße'").textValue()).isEqualTo("STRASSE");
        assertThat(apply("{'type':'lower'}", "'ADA@Example.COM'").textValue()).isEqualTo("ada@example.com");
    }

    @Test
    void stringTransformsRefuseObjects() {
        assertThatThrownBy(() -> apply("{'type':'trim'}", "{'a':1}"))
                .isInstanceOf(MappingException.class).hasMessageContaining("expects a single value, got an object");
    }

    @Test
    void concatenatesSourcesSkippingEmptyOnesByDefault() {
        assertThat(apply("{'type':'concat','separator':' '}", "['Ada', null, 'Lovelace']").textValue())
                .isEqualTo("Ada Lovelace");
        assertThat(apply("{'type':'concat','separator':'|','skipEmpty':false}", "['a', '', 'b']").textValue())
                .isEqualTo("a||b");
    }

    @Test
    void splitsOnALiteralSeparatorWithLimitAndTrim() {
        assertThat(apply("{'type':'split','separator':';','trim':true}", "'a ; b;c '"))
                .isEqualTo(Json.parse("['a','b','c']"));
        assertThat(apply("{'type':'split','separator':'.*'}", "'x.*y'")).isEqualTo(Json.parse("['x','y']"));
        assertThat(apply("{'type':'split','separator':',','limit':2}", "'a,b,c'")).isEqualTo(Json.parse("['a','b,c']"));
    }

    @Test
    void reformatsDatesBetweenPatternsAndZones() {
        assertThat(apply("{'type':'date','from':'dd.MM.uuuu HH:mm','fromZone':'Europe/Berlin','to':'iso'}",
                "'01.07.2026 14:30'").textValue()).isEqualTo("2026-07-01T12:30:00Z");
        assertThat(apply("{'type':'date','to':'dd/MM/uuuu HH:mm','toZone':'America/New_York'}",
                "'2026-01-15T03:00:00Z'").textValue()).isEqualTo("14/01/2026 22:00");
        assertThat(apply("{'type':'date','to':'isoDate'}", "'2026-03-01'").textValue()).isEqualTo("2026-03-01");
        assertThat(apply("{'type':'date','to':'iso','toZone':'+02:00'}", "'2026-03-01T10:00:00+01:00[Europe/Paris]'")
                .textValue()).isEqualTo("2026-03-01T11:00:00+02:00");
    }

    @Test
    void convertsEpochTimestampsBothWays() {
        assertThat(apply("{'type':'date','from':'epochMillis','to':'isoInstant'}", "1767225600000").textValue())
                .isEqualTo("2026-01-01T00:00:00Z");
        assertThat(apply("{'type':'date','from':'iso','to':'epochSeconds'}", "'2026-01-01T00:00:00Z'").longValue())
                .isEqualTo(1767225600L);
    }

    @Test
    void dateFailsOnUnreadableValuesAndBadPatternsAreRejectedAtLoad() {
        assertThatThrownBy(() -> apply("{'type':'date','from':'dd.MM.uuuu'}", "'2026-01-01'"))
                .isInstanceOf(MappingException.class);
        assertThatThrownBy(() -> transform("{'type':'date','from':'dd.MM.uuuu','fromZone':'Mars/Olympus'}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fromZone");
        assertThatThrownBy(() -> transform("{'type':'date','to':'{{nonsense'}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'to' pattern");
    }

    @Test
    void convertsCurrencyWithTheRateTableAndExplicitRounding() {
        assertThat(apply("{'type':'currency','from':'USD','to':'EUR'}", "'10.005'").decimalValue())
                .isEqualByComparingTo("9.00");
        assertThat(apply("{'type':'currency','from':'USD','to':'EUR','scale':3,'rounding':'UP'}", "1.0001")
                .decimalValue()).isEqualTo(new BigDecimal("0.901"));
        // JPY has no minor unit, so the default scale is 0.
        assertThat(apply("{'type':'currency','from':'EUR','to':'JPY'}", "10.01").decimalValue())
                .isEqualTo(new BigDecimal("1607"));
        // The inverse of a known rate is used when only the other direction is in the table.
        assertThat(apply("{'type':'currency','from':'EUR','to':'USD'}", "9").decimalValue())
                .isEqualTo(new BigDecimal("10.00"));
    }

    @Test
    void takesTheSourceCurrencyFromASecondSource() {
        assertThat(apply("{'type':'currency','to':'EUR'}", "['100', 'usd']").decimalValue())
                .isEqualTo(new BigDecimal("90.00"));
    }

    @Test
    void currencyFailsWithoutARateAndRejectsUnknownCodes() {
        assertThatThrownBy(() -> apply("{'type':'currency','from':'GBP','to':'EUR'}", "1"))
                .isInstanceOf(MappingException.class).hasMessageContaining("no rate from GBP to EUR");
        assertThatThrownBy(() -> transform("{'type':'currency','to':'XYZ'}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown 'to' currency");
    }

    @Test
    void refusesNumbersWhoseRescalingWouldExplode() {
        assertThatThrownBy(() -> apply("{'type':'currency','from':'USD','to':'EUR'}", "'1e999999999'"))
                .isInstanceOf(MappingException.class).hasMessageContaining("outside");
    }

    @Test
    void convertsUnitsWithinADimension() {
        assertThat(apply("{'type':'unit','from':'lb','to':'kg','scale':3}", "10").decimalValue())
                .isEqualTo(new BigDecimal("4.536"));
        assertThat(apply("{'type':'unit','from':'mi','to':'km'}", "1").decimalValue())
                .isEqualByComparingTo("1.609344");
        assertThat(apply("{'type':'unit','from':'F','to':'C','scale':1}", "212").decimalValue())
                .isEqualTo(new BigDecimal("100.0"));
        assertThat(apply("{'type':'unit','from':'C','to':'K'}", "'-273.15'").decimalValue())
                .isEqualByComparingTo("0");
        assertThat(apply("{'type':'unit','from':'h','to':'min'}", "1.5").decimalValue()).isEqualByComparingTo("90");
        assertThatThrownBy(() -> transform("{'type':'unit','from':'kg','to':'m'}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot convert mass (kg) to length (m)");
        assertThatThrownBy(() -> transform("{'type':'unit','from':'stone','to':'kg'}"))
                .hasMessageContaining("unknown unit 'stone'");
    }

    @Test
    void mapsEnumsWithCaseFoldingAndFallback() {
        String spec = "{'type':'enum','values':{'A':'active','I':'inactive'},'ignoreCase':true}";
        assertThat(apply(spec, "'a'").textValue()).isEqualTo("active");
        assertThatThrownBy(() -> apply(spec, "'secret-value'"))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("no entry")
                .hasMessageNotContaining("secret-value");
        assertThat(apply("{'type':'enum','values':{'1':true},'fallback':false}", "2").booleanValue()).isFalse();
        assertThat(apply("{'type':'enum','values':{'1':true},'fallback':false}", "1").booleanValue()).isTrue();
    }

    @Test
    void formatsAndParsesNumbersByLocale() {
        assertThat(apply("{'type':'number','pattern':'#,##0.00','locale':'de-DE'}", "1234567.891").textValue())
                .isEqualTo("1.234.567,89");
        assertThat(apply("{'type':'number','parsePattern':'#,##0.##','parseLocale':'de-DE'}", "'1.234,5'").decimalValue())
                .isEqualByComparingTo("1234.5");
        assertThat(apply("{'type':'number','scale':1,'rounding':'HALF_UP'}", "'2.25'").decimalValue())
                .isEqualTo(new BigDecimal("2.3"));
        assertThatThrownBy(() -> apply("{'type':'number','parsePattern':'#,##0.##'}", "'12abc'"))
                .isInstanceOf(MappingException.class);
        assertThatThrownBy(() -> apply("{'type':'number'}", "'twelve'")).isInstanceOf(MappingException.class);
    }

    @Test
    void runsTransformsTheApplicationRegistered() {
        TransformRegistry custom = TransformRegistry.builder()
                .register("reverse", v -> TextNode.valueOf(new StringBuilder(v.asText()).reverse().toString()))
                .registerFactory("prefix", spec -> {
                    String prefix = spec.requireText("with");
                    return v -> TextNode.valueOf(prefix + v.asText());
                })
                .build();
        assertThat(custom.create(TransformSpec.of("reverse")).apply(TextNode.valueOf("abc")).textValue()).isEqualTo("cba");
        ObjectNode params = (ObjectNode) Json.parse("{'with':'SF-'}");
        assertThat(custom.create(new TransformSpec("prefix", params)).apply(TextNode.valueOf("1")).textValue())
                .isEqualTo("SF-1");
        assertThat(custom.names()).contains("reverse", "prefix", "date", "currency");
    }

    @Test
    void refusesToShadowBuiltinsAndListsKnownNamesForUnknownOnes() {
        assertThatThrownBy(() -> TransformRegistry.builder().register("trim", v -> v))
                .hasMessageContaining("built in");
        assertThatThrownBy(() -> registry.create(TransformSpec.of("frobnicate")))
                .hasMessageContaining("unknown transform 'frobnicate'").hasMessageContaining("currency");
    }

    // Regression tests: each of these threw something other than MappingException (ClassCastException,
    // NumberFormatException, ArithmeticException, DateTimeException) or got a wrong value through silently, and so
    // took the whole batch down instead of failing one record.

    @Test
    void numberFailsNaNAndInfinityFromItsParsePatternInsteadOfACastException() {
        for (String notFinite : new String[]{"'NaN'", "'\u221E'", "'-\u221E'"}) {
            assertThatThrownBy(() -> apply("{'type':'number','parsePattern':'#,##0.##'}", notFinite))
                    .isInstanceOf(MappingException.class).hasMessageContaining("not a finite number");
        }
    }

    @Test
    void numericTransformsFailADoubleNaNInTheRecordInsteadOfANumberFormatException() {
        JsonNode nan = DoubleNode.valueOf(Double.NaN);
        JsonNode infinity = DoubleNode.valueOf(Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> transform("{'type':'number'}").apply(nan))
                .isInstanceOf(MappingException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> transform("{'type':'unit','from':'kg','to':'lb'}").apply(infinity))
                .isInstanceOf(MappingException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> transform("{'type':'currency','from':'USD','to':'EUR'}").apply(nan))
                .isInstanceOf(MappingException.class).hasMessageContaining("finite");
    }

    @Test
    void roundingUnnecessaryFailsAValueThatNeedsRoundingInsteadOfAnArithmeticException() {
        assertThat(apply("{'type':'number','scale':2,'rounding':'UNNECESSARY'}", "'2.50'").decimalValue())
                .isEqualTo(new BigDecimal("2.50"));
        assertThatThrownBy(() -> apply("{'type':'number','scale':1,'rounding':'UNNECESSARY'}", "'2.25'"))
                .isInstanceOf(MappingException.class).hasMessageContaining("rounding is UNNECESSARY");
        assertThatThrownBy(() -> apply("{'type':'number','pattern':'0.0','rounding':'UNNECESSARY'}", "'2.25'"))
                .isInstanceOf(MappingException.class).hasMessageContaining("rounding is UNNECESSARY");
        assertThatThrownBy(() -> apply("{'type':'currency','from':'USD','to':'EUR','rounding':'UNNECESSARY'}",
                "'1.111'")).isInstanceOf(MappingException.class).hasMessageContaining("rounding is UNNECESSARY");
        assertThatThrownBy(() -> apply("{'type':'unit','from':'in','to':'cm','scale':0,'rounding':'UNNECESSARY'}",
                "1")).isInstanceOf(MappingException.class).hasMessageContaining("rounding is UNNECESSARY");
    }

    @Test
    void aParsedNumberIsBoundedLikeAnyOtherAndSoIsTheScale() {
        assertThatThrownBy(() -> apply("{'type':'number','parsePattern':'0.###E0','scale':2}", "'1E2000'"))
                .isInstanceOf(MappingException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> transform("{'type':'number','scale':2000000000}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'scale'");
    }

    @Test
    void dateFailsAnInstantItCannotWriteInsteadOfADateTimeOrArithmeticException() {
        // The last second of year 999999999 in UTC: readable, but past the largest date once moved to +18:00.
        String lastSecond = "31556889832780799";
        assertThatThrownBy(() -> apply("{'type':'date','from':'epochSeconds','toZone':'+18:00'}", lastSecond))
                .isInstanceOf(MappingException.class).hasMessageContaining("cannot be written");
        assertThatThrownBy(() -> apply("{'type':'date','from':'epochSeconds','to':'epochMillis'}", lastSecond))
                .isInstanceOf(MappingException.class).hasMessageContaining("cannot be written");
    }

    @Test
    void currencyNamesACodeFromTheRecordOnlyWhenItIsOne() {
        assertThatThrownBy(() -> apply("{'type':'currency','to':'EUR'}", "[1, 'password=hunter2']"))
                .isInstanceOf(MappingException.class).hasMessageContaining("not an ISO 4217 code")
                .hasMessageNotContaining("HUNTER2");
        assertThatThrownBy(() -> apply("{'type':'currency','to':'EUR'}", "[1, 'gbp']"))
                .isInstanceOf(MappingException.class).hasMessageContaining("no rate from GBP to EUR");
    }

    @Test
    void dateRefusesAnEpochPastLongInsteadOfWrappingItToAnotherDate() {
        assertThatThrownBy(() -> apply("{'type':'date','from':'epochMillis','to':'isoInstant'}",
                "18446744073709551617")).isInstanceOf(MappingException.class).hasMessageContaining("epoch number");
    }

    @Test
    void everyFailureNamesTheTransformAndAnApplicationsTransformIsHeldToTheSameRules() {
        TransformRegistry custom = TransformRegistry.builder()
                .register("explode", v -> {
                    throw new IllegalStateException("boom\r\npassword=hunter2");
                })
                .register("nothing", v -> null)
                .build();
        assertThatThrownBy(() -> apply("{'type':'trim'}", "{'a':1}")).hasMessageStartingWith("transform 'trim': ");
        assertThatThrownBy(() -> custom.create(TransformSpec.of("explode")).apply(TextNode.valueOf("x")))
                .isInstanceOf(MappingException.class)
                .hasMessage("transform 'explode' failed: IllegalStateException: boom\\r\\npassword=[REDACTED]");
        assertThatThrownBy(() -> custom.create(TransformSpec.of("nothing")).apply(TextNode.valueOf("x")))
                .isInstanceOf(MappingException.class).hasMessage("transform 'nothing' returned null instead of a value");
    }
}
