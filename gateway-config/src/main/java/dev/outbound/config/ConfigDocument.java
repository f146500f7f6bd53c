package dev.outbound.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbound.config.filter.FilterSpec;
import dev.outbound.config.filter.RecordFilter;
import dev.outbound.config.mapping.FieldMapping;
import dev.outbound.config.mapping.TransformSpec;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A configuration document as Jackson binds it, member for member as {@code integration-config.schema.json} states
 * it, and the step from there to {@link IntegrationConfig}. It is only ever bound from a tree that already passed
 * the schema, so shapes are given; what is checked here is meaning (bounds, combinations, regular expressions), and
 * a breach is an {@link InvalidDocument} that names the member. Scalars with rules of their own (durations, zones,
 * cron expressions, URLs) are read by {@link DocumentBinder}. Immutable once bound; not part of the API.
 */
record ConfigDocument(
        int schemaVersion,
        String customer,
        String integration,
        String provider,
        String credentialRef,
        URI baseUrl,
        String apiVersion,
        Map<String, String> attributes,
        RateLimits rateLimits,
        SyncDirection direction,
        ScheduleDocument schedule,
        JsonNode filter,
        List<MappingDocument> mappings,
        String onError) {

    /** The model this document describes. */
    IntegrationConfig toConfig() {
        Optional<FilterSpec> filterSpec = Optional.ofNullable(filter).map(f -> filter(f, "$.filter"));
        List<FieldMapping> fieldMappings = new ArrayList<>();
        List<MappingDocument> list = mappings == null ? List.of() : mappings;
        for (int i = 0; i < list.size(); i++) {
            fieldMappings.add(list.get(i).toMapping("$.mappings[" + i + "]"));
        }
        RateLimitOverrides limits = rateLimits == null ? RateLimitOverrides.none() : rateLimits.toOverrides();
        Schedule when = schedule.toSchedule();
        try {
            return new IntegrationConfig(new ConfigKey(customer, integration), provider, credentialRef,
                    Optional.ofNullable(baseUrl), Optional.ofNullable(apiVersion),
                    attributes == null ? Map.of() : attributes, limits, direction, when, filterSpec, fieldMappings,
                    "halt".equals(onError) ? ErrorPreference.HALT : ErrorPreference.SKIP_AND_CONTINUE);
        } catch (IllegalArgumentException e) {
            // Base URL and API version are checked by the gateway's own rules in AccountSettings.
            throw new InvalidDocument(baseUrl != null ? "$.baseUrl" : "$", e.getMessage());
        }
    }

    /** {@code rateLimits}: all members optional. */
    record RateLimits(List<Limit> limits, Integer maxConcurrent, Long dailyQuota) {

        RateLimitOverrides toOverrides() {
            List<RateLimitOverrides.Limit> out = new ArrayList<>();
            List<Limit> list = limits == null ? List.of() : limits;
            for (int i = 0; i < list.size(); i++) {
                try {
                    out.add(new RateLimitOverrides.Limit(list.get(i).permits(), list.get(i).per()));
                } catch (IllegalArgumentException e) {
                    // The schema already holds permits to at least 1: what is left to break is the period.
                    throw new InvalidDocument("$.rateLimits.limits[" + i + "].per", e.getMessage());
                }
            }
            return new RateLimitOverrides(out,
                    maxConcurrent == null ? OptionalInt.empty() : OptionalInt.of(maxConcurrent),
                    dailyQuota == null ? OptionalLong.empty() : OptionalLong.of(dailyQuota));
        }
    }

    /** One element of {@code rateLimits.limits}. */
    record Limit(long permits, Duration per) {
    }

    /** {@code schedule}, told apart by its {@code type} member. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = ScheduleDocument.Webhook.class, name = "webhook"),
            @JsonSubTypes.Type(value = ScheduleDocument.Interval.class, name = "interval"),
            @JsonSubTypes.Type(value = ScheduleDocument.Cron.class, name = "cron")})
    sealed interface ScheduleDocument {

        Schedule toSchedule();

        record Webhook() implements ScheduleDocument {
            @Override
            public Schedule toSchedule() {
                return new Schedule.Webhook();
            }
        }

        /** Without {@code min} and {@code max} the interval is fixed at {@code every}. */
        record Interval(Duration every, Duration min, Duration max) implements ScheduleDocument {
            @Override
            public Schedule toSchedule() {
                try {
                    return new Schedule.Interval(every, min == null ? every : min, max == null ? every : max);
                } catch (IllegalArgumentException e) {
                    throw new InvalidDocument("$.schedule", e.getMessage());
                }
            }
        }

        /** Without {@code zone} the expression is read in UTC. */
        record Cron(CronExpression expression, ZoneId zone) implements ScheduleDocument {
            @Override
            public Schedule toSchedule() {
                return new Schedule.Cron(expression, zone == null ? ZoneOffset.UTC : zone);
            }
        }
    }

    /** One element of {@code mappings}; {@code transform} is one transform object or an array of them. */
    record MappingDocument(
            String source,
            List<String> sources,
            String target,
            @JsonProperty("default") JsonNode defaultValue,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<ObjectNode> transform) {

        FieldMapping toMapping(String path) {
            if (source != null && sources != null) {
                throw new InvalidDocument(path, "give source or sources, not both");
            }
            List<String> from = source != null ? List.of(source) : sources == null ? List.of() : sources;
            if (from.isEmpty() && defaultValue == null) {
                throw new InvalidDocument(path, "a mapping needs source, sources or (for a constant) default");
            }
            List<TransformSpec> specs = new ArrayList<>();
            for (ObjectNode t : transform == null ? List.<ObjectNode>of() : transform) {
                ObjectNode params = t.deepCopy();
                specs.add(new TransformSpec(params.remove("type").textValue(), params));
            }
            return new FieldMapping(from, target, specs, Optional.ofNullable(defaultValue));
        }
    }

    /**
     * A filter stays a tree: a condition names its operator by which member it has, a shape that binding onto a
     * type would only hide.
     */
    private static FilterSpec filter(JsonNode node, String path) {
        if (node.has("all") || node.has("any")) {
            boolean all = node.has("all");
            JsonNode parts = node.get(all ? "all" : "any");
            List<FilterSpec> specs = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                specs.add(filter(parts.get(i), path + (all ? ".all[" : ".any[") + i + "]"));
            }
            return all ? new FilterSpec.All(specs) : new FilterSpec.Any(specs);
        }
        FilterSpec.Operator operator = null;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            Optional<FilterSpec.Operator> op = FilterSpec.Operator.fromConfigName(name);
            if (op.isPresent()) {
                if (operator != null) {
                    throw new InvalidDocument(path, "a condition has one operator: found " + operator.configName()
                            + " and " + name);
                }
                operator = op.get();
            }
        }
        if (operator == null) {
            throw new InvalidDocument(path, "a condition needs one operator: equals, in, greaterThan,"
                    + " greaterThanOrEqual, lessThan, lessThanOrEqual, exists or matches");
        }
        if (node.has("maxInputLength") && operator != FilterSpec.Operator.MATCHES) {
            throw new InvalidDocument(path + ".maxInputLength", "maxInputLength applies to matches only");
        }
        int maxInput = node.path("maxInputLength").asInt(FilterSpec.Condition.DEFAULT_MAX_INPUT_LENGTH);
        FilterSpec.Condition condition = new FilterSpec.Condition(node.get("field").textValue(), operator,
                node.get(operator.configName()), maxInput);
        try {
            RecordFilter.compile(condition);
        } catch (IllegalArgumentException e) {
            throw new InvalidDocument(path + "." + operator.configName(), e.getMessage());
        }
        return condition;
    }
}
