package dev.outbound.config.mapping;

/**
 * A record could not be mapped: a value had the wrong shape for its transform, a rate was missing, an enum map had
 * no entry, a transform the application registered threw or returned null. The message names the mapping, the
 * transform and the reason; it ends up in logs and sync reports, so the built-in transforms never put a record's
 * values in it, and text from elsewhere (an application transform's own message) is redacted, escaped onto one line
 * and bounded first. The integration's error preference decides whether the sync skips the record or halts.
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
