package dev.outbound.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbound.config.mapping.MappingException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Applies one integration's configuration to a batch of source records: filter, then field mappings, honouring the
 * error preference (skip the failed record and continue, or halt). This is the whole of what configuration does to
 * a record; anything more (conditions, loops, lookups in other systems) is code the application writes around it.
 * Stateless and thread-safe.
 */
public final class RecordProcessor {

    private RecordProcessor() {
    }

    public static BatchResult process(LoadedConfig config, List<? extends JsonNode> records) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(records, "records");
        List<ObjectNode> mapped = new ArrayList<>(records.size());
        List<BatchResult.FailedRecord> failed = new ArrayList<>();
        int filteredOut = 0;
        boolean halt = config.config().onError() == ErrorPreference.HALT;
        for (int i = 0; i < records.size(); i++) {
            JsonNode record = records.get(i);
            try {
                if (!config.filter().test(record)) {
                    filteredOut++;
                    continue;
                }
                mapped.add(config.mapper().apply(record));
            } catch (MappingException e) {
                failed.add(new BatchResult.FailedRecord(i, e.getMessage()));
                if (halt) {
                    return new BatchResult(mapped, filteredOut, failed, true);
                }
            }
        }
        return new BatchResult(mapped, filteredOut, failed, false);
    }
}
