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
     * {@code value} with every character that could end or reorder a log line (controls, line and paragraph
     * separators, bidi and other format characters) written as {@code \}{@code uXXXX}; other text, non-ASCII
     * letters included, is kept, and nothing is cut. For messages built from input, not for ids (use {@link #quote}).
     */
    public static String escapeLineBreaking(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder sb = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            int type = Character.getType(c);
            boolean bad = Character.isISOControl(c) || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT;
            if (bad && sb == null) {
                sb = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (sb != null) {
                if (bad) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? value : sb.toString();
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
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? "a control character" : "a non-ASCII character";
    }
}
