package dev.outbound.config.mapping;

/**
 * A mapping that cannot be compiled: a malformed path, an unknown transform, a bad parameter. It says which mapping
 * ({@link #index()}) and which member of it ({@link #member()}, e.g. {@code source} or {@code transform[1]}) so the
 * configuration loader can report a JSON path.
 */
public class InvalidMappingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int index;
    private final String member;

    public InvalidMappingException(int index, String member, String message) {
        super("mapping " + index + " " + member + ": " + message);
        this.index = index;
        this.member = member;
    }

    /** Position of the mapping in the list, from 0. */
    public int index() {
        return index;
    }

    /** The member of the mapping that is wrong: {@code source}, {@code sources[1]}, {@code target}, {@code transform[0]}. */
    public String member() {
        return member;
    }

    /** The reason without the "mapping n member:" prefix. */
    public String reason() {
        String m = getMessage();
        return m.substring(m.indexOf(": ") + 2);
    }
}
