package dev.outbound.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbound.errors.SafeText;
import dev.outbound.config.mapping.MappingException;
import dev.outbound.config.mapping.SourceSightings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Applies one integration's configuration to source records: filter, then field mappings, honouring the error
 * preference (skip the failed record and continue, or halt). This is the whole of what configuration does to a
 * record; anything more (conditions, loops, lookups in other systems) is code the application writes around it.
 *
 * <p>Every record is accounted for: it ends mapped, filtered out, or failed with a reason, and a batch that halts
 * counts the records after the failure as not attempted. One record cannot take the others down: a
 * {@link RuntimeException} from the filter, a mapping or a transform (an application's transform included) fails
 * that record only. JVM {@link Error}s are not a record's fault and propagate. Stateless and thread-safe.
 */
public final class RecordProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(RecordProcessor.class);

    private RecordProcessor() {
    }

    /**
     * Filters and maps a batch in order, stopping at the first failed record if the configuration says halt. A
     * mapping source that none of the records reaching the mappings had is a warning of the result, logged once at
     * WARN (configuration names only): the batch is taken to be one run.
     */
    public static BatchResult process(LoadedConfig config, List<? extends JsonNode> records) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(records, "records");
        List<ObjectNode> mapped = new ArrayList<>(records.size());
        List<BatchResult.FailedRecord> failed = new ArrayList<>();
        int filteredOut = 0;
        boolean halt = config.config().onError() == ErrorPreference.HALT;
        SourceSightings sightings = config.mapper().sightings();
        for (int i = 0; i < records.size(); i++) {
            JsonNode record = records.get(i);
            RecordOutcome outcome = processRecord(config, record);
            if (!(outcome instanceof RecordOutcome.FilteredOut) && record != null && record.isObject()) {
                sightings.observe(record);
            }
            if (outcome instanceof RecordOutcome.Mapped m) {
                mapped.add(m.record());
            } else if (outcome instanceof RecordOutcome.FilteredOut) {
                filteredOut++;
            } else {
                failed.add(new BatchResult.FailedRecord(i, ((RecordOutcome.Failed) outcome).reason()));
                if (halt) {
                    return new BatchResult(mapped, filteredOut, failed, records.size() - i - 1, true,
                            warnings(config, sightings));
                }
            }
        }
        return new BatchResult(mapped, filteredOut, failed, 0, false, warnings(config, sightings));
    }

    /** The run's absent sources, each logged here once; a run that feeds records one by one calls this at its end. */
    public static List<String> warnings(LoadedConfig config, SourceSightings sightings) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(sightings, "sightings");
        List<String> warnings = new ArrayList<>();
        for (SourceSightings.AbsentSource absent : sightings.absent()) {
            String warning = absent.describe();
            LOG.warn("integration {} of customer {}: {}", config.key().integration(), config.key().customerId(),
                    warning);
            warnings.add(warning);
        }
        return List.copyOf(warnings);
    }

    /**
     * Filters and maps one record, for a sync that writes record by record. Never throws for anything the record,
     * the filter or a transform does wrong; a {@code null} record, or one that is not a JSON object, fails.
     */
    public static RecordOutcome processRecord(LoadedConfig config, JsonNode record) {
        Objects.requireNonNull(config, "config");
        if (record == null || record.isNull() || record.isMissingNode()) {
            return new RecordOutcome.Failed("record is null");
        }
        if (!record.isObject()) {
            // Every field path starts with a name, so nothing could be read from it: mapping it would write {}.
            String type = record.getNodeType().name().toLowerCase(Locale.ROOT);
            return new RecordOutcome.Failed("record is " + (record.isArray() ? "an " : "a ") + type + ", not an object");
        }
        try {
            if (!config.filter().test(record)) {
                return new RecordOutcome.FilteredOut();
            }
        } catch (RuntimeException e) {
            return new RecordOutcome.Failed("filter failed: " + SafeText.untrusted(e));
        }
        try {
            return new RecordOutcome.Mapped(config.mapper().apply(record));
        } catch (MappingException e) {
            return new RecordOutcome.Failed(e.getMessage());
        } catch (RuntimeException e) {
            // RecordMapper turns every failure into a MappingException; this is for a mapper that breaks that promise.
            return new RecordOutcome.Failed("mapping failed: " + SafeText.untrusted(e));
        }
    }
}
