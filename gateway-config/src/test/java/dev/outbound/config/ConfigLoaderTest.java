package dev.outbound.config;

import dev.outbound.config.filter.FilterSpec;
import dev.outbound.config.mapping.FixedRateTable;
import dev.outbound.config.mapping.TransformRegistry;
import dev.outbound.gateway.AccountKey;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    private final ConfigLoader loader = ConfigLoader.builder()
            .transforms(TransformRegistry.builder().rateTable(FixedRateTable.builder().rate("USD", "EUR", "0.9").build())
                    .build())
            .clock(java.time.Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneId.of("UTC")))
            .build();

    private LoadedConfig load(String json) {
        return loader.load("configs/test.json", ConfigLoader.Format.JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    private List<ConfigProblem> problems(String json) {
        return problemsOf(() -> load(json));
    }

    private static List<ConfigProblem> problemsOf(Runnable load) {
        try {
            load.run();
        } catch (ConfigValidationException e) {
            return e.problems();
        }
        throw new AssertionError("expected the document to be rejected");
    }

    @Test
    void readsEveryPartOfAJsonDocument() {
        LoadedConfig loaded = loader.load("acme.json", ConfigLoader.Format.JSON,
                Json.resource("acme-salesforce-contacts.json").getBytes(StandardCharsets.UTF_8));
        IntegrationConfig c = loaded.config();
        assertThat(c.key()).isEqualTo(ConfigKey.of("acme", "salesforce-contacts"));
        assertThat(c.accountKey()).isEqualTo(AccountKey.of("salesforce", "acme"));
        assertThat(c.credentialRef()).isEqualTo("vault:customers/acme/salesforce");
        assertThat(c.accountSettings().baseUrl()).hasValueSatisfying(u -> assertThat(u.getHost()).isEqualTo("acme.my.salesforce.com"));
        assertThat(c.apiVersion()).contains("v59.0");
        assertThat(c.rateLimits().limits()).containsExactly(new RateLimitOverrides.Limit(100, Duration.ofMinutes(1)));
        assertThat(c.rateLimits().maxConcurrent()).hasValue(5);
        assertThat(c.direction()).isEqualTo(SyncDirection.INBOUND);
        assertThat(c.schedule()).isEqualTo(new Schedule.Interval(Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofHours(1)));
        assertThat(c.onError()).isEqualTo(ErrorPreference.SKIP_AND_CONTINUE);
        assertThat(c.filter()).containsInstanceOf(FilterSpec.All.class);
        assertThat(c.mappings()).hasSize(6);
        assertThat(loaded.mapper().size()).isEqualTo(6);
        assertThat(loaded.loadedAt()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(loaded.source()).isEqualTo("acme.json");
    }

    @Test
    void readsYamlWithTheSameSchema() {
        LoadedConfig loaded = loader.load("globex.yaml", ConfigLoader.Format.YAML,
                Json.resource("globex-salesforce-contacts.yaml").getBytes(StandardCharsets.UTF_8));
        IntegrationConfig c = loaded.config();
        assertThat(c.key().customerId()).isEqualTo("globex");
        assertThat(c.direction()).isEqualTo(SyncDirection.BIDIRECTIONAL);
        assertThat(c.onError()).isEqualTo(ErrorPreference.HALT);
        assertThat(c.schedule()).isEqualTo(new Schedule.Cron(CronExpression.parse("*/15 8-18 * * MON-FRI"),
                ZoneId.of("Europe/Berlin")));
        assertThat(c.filter()).containsInstanceOf(FilterSpec.Any.class);
    }

    @Test
    void schemaErrorsNameCustomerSourcePathAndExpectation() {
        List<ConfigProblem> problems = problems(Json.doc("acme", "hubspot-deals", """
                "direction": "sideways", "mappings": [{"source": "a", "target": "ok"}, {"source": "b", "target": "bad path"}]
                """).replace("\"direction\": \"inbound\",", ""));
        assertThat(problems).allSatisfy(p -> {
            assertThat(p.customer()).isEqualTo("acme");
            assertThat(p.source()).isEqualTo("configs/test.json");
        });
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("$.direction");
            assertThat(p.message()).contains("inbound").contains("outbound").contains("bidirectional");
        });
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("$.mappings[1].target");
            assertThat(p.message()).contains("pattern");
        });
        assertThat(problems.get(0).toString()).startsWith("customer acme, source configs/test.json, at $.");
    }

    @Test
    void reportsMissingRequiredMembersAndUnknownOnes() {
        List<ConfigProblem> problems = problems("""
                {"schemaVersion": 1, "customer": "acme", "integration": "x", "provider": "hubspot",
                 "direction": "inbound", "schedule": {"type": "webhook"}, "password": "hunter2"}""");
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("$");
            assertThat(p.message()).contains("credentialRef");
        });
        assertThat(problems).anySatisfy(p -> assertThat(p.message()).contains("password"));
        assertThat(problems).noneSatisfy(p -> assertThat(p.message()).contains("hunter2"));
    }

    @Test
    void checksTransformParametersAgainstTheSchema() {
        List<ConfigProblem> problems = problems(Json.doc("acme", "x", """
                "mappings": [{"source": "a", "target": "b", "transform": {"type": "currency", "to": "euro"}}]"""));
        assertThat(problems).anySatisfy(p -> assertThat(p.path()).isEqualTo("$.mappings[0].transform.to"));
    }

    @Test
    void reportsRulesBeyondTheSchemaWithTheirPaths() {
        assertThat(problems(Json.doc("acme", "x", "").replace("\"every\": \"PT10M\"", "\"every\": \"PT10M\", \"min\": \"PT20M\"")))
                .singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("$.schedule");
                    assertThat(p.message()).contains("min <= every <= max");
                });
        assertThat(problems(Json.doc("acme", "x", "").replace("{\"type\": \"interval\", \"every\": \"PT10M\"}",
                "{\"type\": \"cron\", \"expression\": \"61 * * * *\"}")))
                .singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("$.schedule.expression");
                    assertThat(p.message()).contains("minute value 61");
                });
        assertThat(problems(Json.doc("acme", "x", """
                "mappings": [{"source": "a", "target": "b"}, {"source": "c", "target": "d", "transform": {"type": "unknownThing"}}]""")))
                .singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("$.mappings[1].transform");
                    assertThat(p.message()).contains("unknown transform 'unknownThing'");
                });
        assertThat(problems(Json.doc("acme", "x", """
                "filter": {"any": [{"field": "a", "exists": true}, {"field": "b", "matches": "(open"}]}""")))
                .singleElement().satisfies(p -> assertThat(p.path()).isEqualTo("$.filter.any[1].matches"));
        assertThat(problems(Json.doc("acme", "x", """
                "filter": {"field": "a", "equals": 1, "in": [1]}""")))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("one operator"));
        assertThat(problems(Json.doc("acme", "x", """
                "mappings": [{"source": "a", "target": "b", "transform": {"type": "date", "fromZone": "Nowhere/City"}}]""")))
                .singleElement().satisfies(p -> assertThat(p.path()).isEqualTo("$.mappings[0].transform"));
        assertThat(problems(Json.doc("acme", "x", "\"baseUrl\": \"https://h.example.com/path\"").replace("hubspot", "HubSpot")))
                .isNotEmpty();
    }

    @Test
    void namesTheMemberWhoseValueBreaksARuleBeyondTheSchema() {
        assertThat(problems(Json.doc("acme", "x", "").replace("\"every\": \"PT10M\"", "\"every\": \"P\"")))
                .singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("$.schedule.every");
                    assertThat(p.message()).isEqualTo("'P' is not an ISO-8601 duration: expected e.g. PT15M");
                });
        assertThat(problems(Json.doc("acme", "x", "").replace("{\"type\": \"interval\", \"every\": \"PT10M\"}",
                "{\"type\": \"cron\", \"expression\": \"0 * * * *\", \"zone\": \"Nowhere/City\"}")))
                .singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("$.schedule.zone");
                    assertThat(p.message()).startsWith("unknown zone 'Nowhere/City'");
                });
        assertThat(problems(Json.doc("acme", "x", """
                "rateLimits": {"limits": [{"permits": 5, "per": "PT1M"}, {"permits": 5, "per": "PT0S"}]}""")))
                .singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("$.rateLimits.limits[1].per");
                    assertThat(p.message()).contains("per must be positive");
                });
        assertThat(problems(Json.doc("acme", "x", """
                "mappings": [{"source": "a", "target": "b"}, {"source": "a", "sources": ["c"], "target": "d"}]""")))
                .singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("$.mappings[1]");
                    assertThat(p.message()).isEqualTo("give source or sources, not both");
                });
        assertThat(problems(Json.doc("acme", "x", """
                "filter": {"all": [{"field": "a", "equals": 1, "maxInputLength": 5}]}""")))
                .singleElement().satisfies(p -> assertThat(p.path()).isEqualTo("$.filter.all[0].maxInputLength"));
    }

    @Test
    void keepsOptionalMembersAbsentAndAnExplicitNullDefault() {
        IntegrationConfig c = load(Json.doc("acme", "x", """
                "mappings": [{"target": "a", "default": null}, {"source": "s", "target": "b",
                 "transform": [{"type": "trim"}, {"type": "upper"}]}]""")).config();
        assertThat(c.baseUrl()).isEmpty();
        assertThat(c.apiVersion()).isEmpty();
        assertThat(c.attributes()).isEmpty();
        assertThat(c.rateLimits()).isEqualTo(RateLimitOverrides.none());
        assertThat(c.filter()).isEmpty();
        assertThat(c.schedule()).isEqualTo(Schedule.Interval.fixed(Duration.ofMinutes(10)));
        assertThat(c.mappings().get(0).sources()).isEmpty();
        assertThat(c.mappings().get(0).defaultValue()).hasValueSatisfying(v -> assertThat(v.isNull()).isTrue());
        assertThat(c.mappings().get(1).defaultValue()).isEmpty();
        assertThat(c.mappings().get(1).transforms()).extracting(t -> t.type()).containsExactly("trim", "upper");
        assertThat(c.mappings().get(1).transforms().get(0).params().isEmpty()).isTrue();
    }

    @Test
    void rejectsMalformedAndDuplicatedAndOversizedDocuments() {
        assertThat(problems("{\"customer\": \"acme\",")).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("$");
            assertThat(p.message()).startsWith("not valid JSON").contains("line 1");
        });
        assertThat(problems(Json.doc("acme", "x", "\"onError\": \"skip\", \"onError\": \"halt\"")))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("Duplicate field 'onError'"));
        ConfigLoader small = ConfigLoader.builder().maxDocumentBytes(10).build();
        assertThat(problemsOf(() -> small.load("big.json", ConfigLoader.Format.JSON, new byte[11])))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("at most 10"));
        assertThat(problems("[1, 2]")).singleElement().satisfies(p -> assertThat(p.message()).contains("object"));
    }

    @Test
    void doesNotEchoAMalformedCustomerIdIntoMessages() {
        List<ConfigProblem> problems = problems(Json.doc("bad\\u0000id", "x", ""));
        assertThat(problems).allSatisfy(p -> assertThat(p.customer()).isEqualTo(ConfigProblem.UNKNOWN_CUSTOMER));
    }

    @Test
    void insistsOnTheExpectedKeyWhenOneIsGiven() {
        assertThat(problemsOf(() -> loader.load("row", ConfigLoader.Format.JSON,
                Json.doc("acme", "x", "").getBytes(StandardCharsets.UTF_8),
                java.util.Optional.of(ConfigKey.of("acme", "y")))))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("expected acme/y"));
    }

    @Test
    void publishesItsSchemaOnTheClassPath() {
        assertThat(ConfigLoader.schemaText()).contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"");
    }
}
