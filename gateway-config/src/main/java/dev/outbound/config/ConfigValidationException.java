package dev.outbound.config;

import java.util.List;
import java.util.Objects;

/**
 * A configuration document was rejected, whole. {@link #problems()} lists everything found (schema violations are
 * all reported at once; checks after the schema stop at the first), each with customer, source, path and
 * expectation.
 */
public class ConfigValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigValidationException(List<ConfigProblem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String describe(List<ConfigProblem> problems) {
        Objects.requireNonNull(problems, "problems");
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one problem");
        }
        StringBuilder sb = new StringBuilder("invalid configuration: ");
        sb.append(problems.get(0));
        if (problems.size() > 1) {
            sb.append(" (and ").append(problems.size() - 1).append(" more)");
        }
        return sb.toString();
    }
}
