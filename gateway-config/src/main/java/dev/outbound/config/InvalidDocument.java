package dev.outbound.config;

/**
 * A schema-valid document breaks a rule the schema cannot state, at {@link #path()}. Carries no stack trace: it is
 * a message for an operator, turned into a {@link ConfigProblem} by {@link ConfigLoader}.
 */
final class InvalidDocument extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String path;

    InvalidDocument(String path, String message) {
        super(message, null, false, false);
        this.path = path;
    }

    /** JSON path of the offending member, e.g. {@code $.schedule.every}. */
    String path() {
        return path;
    }
}
