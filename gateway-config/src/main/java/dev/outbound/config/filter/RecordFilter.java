package dev.outbound.config.filter;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * Decides whether a record takes part in a sync. Compiled once from {@link FilterSpec}: paths parsed and regular
 * expressions compiled then. Implementations are immutable and thread-safe.
 *
 * <p>Comparison rules: two numbers compare by value ({@code 1} equals {@code 1.0}); a number compares with a text
 * only if the text is a number; two texts compare lexicographically (ISO-8601 timestamps in one format therefore
 * compare in time order); anything else is not comparable and the condition does not hold. {@code equals} on
 * non-numbers is JSON equality. A missing or {@code null} field fails every condition except
 * {@code exists: false}. With {@code [*]} in the path a condition holds when it holds for any element.
 * {@code matches} uses {@link java.util.regex.Matcher#find()} and skips values longer than the condition's
 * {@code maxInputLength}, which bounds the work a backtracking pattern can do on one value.
 */
@FunctionalInterface
public interface RecordFilter {

    boolean test(JsonNode record);

    /** A filter that lets every record through. */
    static RecordFilter acceptAll() {
        return record -> true;
    }

    /**
     * Compiles criteria.
     *
     * @throws IllegalArgumentException for a malformed path, regular expression or operand
     */
    static RecordFilter compile(FilterSpec spec) {
        return FilterCompiler.compile(Objects.requireNonNull(spec, "spec"));
    }
}
