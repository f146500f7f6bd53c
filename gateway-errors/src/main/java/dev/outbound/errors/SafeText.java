package dev.outbound.errors;

/**
 * Makes a caller- or provider-supplied value safe to put into one log line or exception message: every character
 * outside printable ASCII (CR, LF, NUL, other controls, U+2028, bidi overrides, …) is written as {@code \}{@code uXXXX},
 * and long values are cut, so a value can neither forge a log line nor flood one. Stateless and thread-safe.
 *
 * <p>Never use it on a secret: a secret is not quoted at all, only described by its field name.
 */
public final class SafeText {
    /** Characters of a value kept by {@link #quote(String)}. */
    public static final int MAX_QUOTED = 40;
    /** Characters of untrusted text kept by {@link #untrusted(String)}. */
    public static final int MAX_UNTRUSTED = 300;

    private SafeText() {
    }

    /** {@code 'value'}, escaped and cut to {@link #MAX_QUOTED} characters; {@code null} for a null value. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_QUOTED) + 8).append('\'');
        int n = Math.min(value.length(), MAX_QUOTED);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        if (value.length() > n) {
            sb.append("…(").append(value.length()).append(" chars)");
        }
        return sb.append('\'').toString();
    }

    /**
     * {@code value} with every character that could end or reorder a log line written out: {@code \n}, {@code \r},
     * {@code \t}, and {@code \}{@code uXXXX} for other controls, line and paragraph separators, bidi and other format
     * characters. Other text, non-ASCII letters included, is kept, and nothing is cut. For messages built from input,
     * not for ids (use {@link #quote}).
     */
    public static String escapeLineBreaking(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> breaksLine(c) ? String.format("\\u%04x", (int) c) : null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? value : out.toString();
    }

    /**
     * Text that did not come from this library (what an application's transform said when it threw, a provider's
     * message) made fit for a reason or log line: secret-looking values redacted ({@link Redactor}), line-breaking
     * characters escaped, at most {@value #MAX_UNTRUSTED} characters; {@code ""} for null.
     */
    public static String untrusted(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        // Only a prefix is looked at, so a megabyte of message costs no more than a short one. A token the cut went
        // through is dropped whole: its first half may be too short to be recognised as a secret.
        String head = text;
        if (text.length() > 4 * MAX_UNTRUSTED) {
            int end = 4 * MAX_UNTRUSTED;
            while (end > 0 && isTokenChar(text.charAt(end - 1))) {
                end--;
            }
            head = text.substring(0, end);
        }
        // Redact before escaping: a header line ("Authorization: ...") is only recognised while it still is a line.
        // And redact once: a second pass takes the marker in "password=[REDACTED]" for a value and mangles it.
        return bound(escapeLineBreaking(Redactor.redact(head)), MAX_UNTRUSTED);
    }

    /** What a throwable says, made safe as {@link #untrusted(String)}: its simple class name and its message. */
    public static String untrusted(Throwable e) {
        String message = e.getMessage();
        String name = e.getClass().getSimpleName().isEmpty() ? e.getClass().getName() : e.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + untrusted(message);
    }

    private static boolean breaksLine(char c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT;
    }

    /** At most {@code max} characters, ending with an ellipsis when cut, never through a marker or a surrogate pair. */
    private static String bound(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int cut = max - 1;
        int marker = s.lastIndexOf(Redactor.REDACTED, cut);
        if (marker >= 0 && marker + Redactor.REDACTED.length() > cut) {
            cut = marker;
        }
        if (cut > 0 && Character.isHighSurrogate(s.charAt(cut - 1))) {
            cut--;
        }
        return s.substring(0, cut) + "\u2026";
    }

    private static boolean isTokenChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '+' || c == '/' || c == '.' || c == '='
                || c == '%' || c == '~';
    }

    /**
     * Where {@code value} first leaves the characters a log line can hold unescaped (printable ASCII), as
     * "a control character (U+000D) at position 2 of 5"; empty when it never does. Names the character, not the value.
     */
    public static String firstUnprintable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                return describe(c) + " at position " + (i + 1) + " of " + value.length();
            }
        }
        return "";
    }

    /** "a space", "a control character (U+000A)" or "a non-ASCII character (U+00E9)". */
    public static String describe(char c) {
        return c == ' ' ? kind(c) : kind(c) + String.format(" (U+%04X)", (int) c);
    }

    /**
     * "a space", "a control character" or "a non-ASCII character", without the character itself: what a message
     * about a secret value may say.
     */
    public static String kind(char c) {
        if (c == ' ') {
            return "a space";
        }
        return breaksLine(c) ? "a control character" : "a non-ASCII character";
    }
}
