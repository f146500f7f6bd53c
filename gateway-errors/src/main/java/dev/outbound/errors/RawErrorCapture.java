package dev.outbound.errors;

import java.util.Objects;

/**
 * Turns a provider's error body into the {@link ErrorEnvelope#rawError() rawError} text: decoded, secrets removed
 * (see {@link Redactor}) and bounded.
 *
 * <p>The bound counts characters (UTF-16 code units) of the decoded text, including the {@value #TRUNCATED_SUFFIX}
 * suffix that marks a cut; the default is 64 Ki characters, which is 64 KiB for the ASCII bodies providers send.
 * Only a prefix of a larger body is decoded and scanned, so a 10 MiB body costs no more than a 64 KiB one.
 *
 * <p>Secrets are removed <em>before</em> the text is cut, so a secret that straddles the bound is already a marker.
 * Where the input itself was cut (by the transport, or by the prefix read here) the token at the very end is
 * dropped, because a piece of a key may be too short to be recognised as one. Immutable and thread-safe.
 */
public final class RawErrorCapture {
    /** The default bound: 64 Ki characters. */
    public static final int DEFAULT_MAX_CHARS = 64 * 1024;
    /** The smallest bound accepted. */
    public static final int MIN_MAX_CHARS = 64;
    /** Appended to a capture that was cut. */
    public static final String TRUNCATED_SUFFIX = "…[truncated]";

    // Read a little past the bound so that a secret straddling it is seen whole and redacted before the cut.
    private static final int LOOKAHEAD_CHARS = 512;

    private final int maxChars;

    private RawErrorCapture(int maxChars) {
        this.maxChars = maxChars;
    }

    /** A capture bounded to {@link #DEFAULT_MAX_CHARS}. */
    public static RawErrorCapture ofDefaults() {
        return new RawErrorCapture(DEFAULT_MAX_CHARS);
    }

    /** A capture bounded to {@code maxChars} characters (at least {@link #MIN_MAX_CHARS}). */
    public static RawErrorCapture withMaxChars(int maxChars) {
        if (maxChars < MIN_MAX_CHARS) {
            throw new IllegalArgumentException("maxChars must be at least " + MIN_MAX_CHARS + ", was " + maxChars);
        }
        return new RawErrorCapture(maxChars);
    }

    public int maxChars() {
        return maxChars;
    }

    /** The response body as {@code rawError}: decoded with its declared charset (else UTF-8), redacted, bounded. */
    public String capture(ProviderResponse response) {
        Objects.requireNonNull(response, "response");
        Texts.Decoded decoded = Texts.decodePrefix(response.body(), response.charset(), maxChars + LOOKAHEAD_CHARS);
        return capture(decoded.text(), response.bodyTruncated() || decoded.cut());
    }

    /**
     * Text as {@code rawError}: redacted and bounded.
     *
     * @param text the body text, or a prefix of it
     * @param alreadyTruncated whether {@code text} is itself a cut prefix, so that its last token may be partial
     */
    public String capture(String text, boolean alreadyTruncated) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        boolean truncated = alreadyTruncated;
        String input = text;
        if (input.length() > maxChars + LOOKAHEAD_CHARS) {
            input = input.substring(0, maxChars + LOOKAHEAD_CHARS);
            truncated = true;
        }
        if (truncated) {
            input = Texts.dropTrailingToken(input);
        }
        String redacted = Redactor.redact(input);
        if (!truncated && redacted.length() <= maxChars) {
            return redacted;
        }
        return Texts.cutAt(redacted, maxChars - TRUNCATED_SUFFIX.length()) + TRUNCATED_SUFFIX;
    }

    @Override
    public String toString() {
        return "RawErrorCapture[maxChars=" + maxChars + "]";
    }
}
