package dev.outbound.config.mapping;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Which mapping sources a run's records actually had, so that a source absent from every record (a misspelt field,
 * or one the account does not expose) is reported once for the run instead of leaving every target silently empty.
 * A field that is present but {@code null} or {@code ""} counts as present: that is data, not a wrong path. Made by
 * {@link RecordMapper#sightings()}, one per run. Not thread-safe: one run feeds it from one thread.
 */
public final class SourceSightings {

    /**
     * A source no record of the run had.
     *
     * @param mapping the mapping's position in the configuration
     * @param source the source path as configured
     * @param records how many records were looked at
     */
    public record AbsentSource(int mapping, String source, int records) {
        /** E.g. {@code source 'Emial' of mapping 1 was absent from all 120 records}; paths only, never a value. */
        public String describe() {
            return "source '" + source + "' of mapping " + mapping + " was absent from all " + records + " records";
        }
    }

    private final int[] mappings;
    private final FieldPath[] sources;
    private final boolean[] seen;
    private final List<JsonNode> scratch = new ArrayList<>();
    private int unseen;
    private int records;

    SourceSightings(int[] mappings, FieldPath[] sources) {
        this.mappings = mappings;
        this.sources = sources;
        this.seen = new boolean[sources.length];
        this.unseen = sources.length;
    }

    /** Notes which sources {@code record} has; once every source has been seen this costs nothing more. */
    public void observe(JsonNode record) {
        records++;
        if (unseen == 0 || record == null) {
            return;
        }
        for (int i = 0; i < sources.length; i++) {
            if (!seen[i] && present(sources[i], record)) {
                seen[i] = true;
                unseen--;
            }
        }
    }

    private boolean present(FieldPath path, JsonNode record) {
        if (path.wildcards() == 0) {
            return !path.read(record).isMissingNode();
        }
        scratch.clear();
        path.readAll(record, scratch);
        return scratch.stream().anyMatch(n -> !n.isMissingNode());
    }

    /** How many records were observed. */
    public int records() {
        return records;
    }

    /** The sources no observed record had, in mapping order; empty when no record was observed at all. */
    public List<AbsentSource> absent() {
        if (records == 0) {
            return List.of();
        }
        List<AbsentSource> absent = new ArrayList<>();
        for (int i = 0; i < sources.length; i++) {
            if (!seen[i]) {
                absent.add(new AbsentSource(mappings[i], sources[i].toString(), records));
            }
        }
        return List.copyOf(absent);
    }
}
