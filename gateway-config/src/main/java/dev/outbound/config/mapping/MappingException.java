package dev.outbound.config.mapping;

/**
 * A record could not be mapped: a value had the wrong shape for its transform, a rate was missing, an enum map had
 * no entry. The message names the mapping and the reason but never the record's values, because it ends up in logs
 * and sync reports. The integration's error preference decides whether the sync skips the record or halts.
 */
public class MappingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MappingException(String message) {
        super(message);
    }

    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
