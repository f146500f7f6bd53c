package dev.outbound.config.internal;

import dev.outbound.errors.Redactor;

/**
 * Makes text that did not come from this library (what an application's transform or filter said when it threw)
 * fit for a failed record's reason, which ends up in logs, sync results and dashboards:
 * secret-looking values redacted, control characters escaped so that it stays one line, and the length bounded.
 * Stateless and thread-safe.
 */
public final class SafeText {

    /** Longest exception message kept in a reason. */
    public static final int MAX_MESSAGE_CHARS = 300;

    /** How much of a text is looked at: enough for any bound above, after escaping and redaction. */
    private static final int MAX_READ_CHARS = 4 * MAX_MESSAGE_CHARS;

    private SafeText() {
    }

    /** What a throwable says: its simple class name and its message, made safe. */
    public static String describe(Throwable e) {
        String message = e.getMessage();
        String name = e.getClass().getSimpleName().isEmpty() ? e.getClass().getName() : e.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + message(message);
    }

    /** A message made safe, or {@code ""} for null; only for text that is not safe already (see below). */
    public static String message(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        // Only a prefix is looked at, so a megabyte of message costs no more than a short one. A token the cut went
        // through is dropped whole: its first half may be too short to be recognised as a secret.
        String head = text;
        if (text.length() > MAX_READ_CHARS) {
            int end = MAX_READ_CHARS;
            while (end > 0 && isTokenChar(text.charAt(end - 1))) {
                end--;
            }
            head = text.substring(0, end);
        }
        // Redact before escaping: a header line ("Authorization: ...") is only recognised while it still is a line.
        // And redact once: a second pass takes the marker in "password=[REDACTED]" for a value and mangles it.
        return bound(escape(Redactor.redact(head)), MAX_MESSAGE_CHARS);
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

    private static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String replacement = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                        ? String.format("\\u%04x", (int) c) : null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }
}
