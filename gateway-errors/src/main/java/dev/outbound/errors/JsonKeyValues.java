package dev.outbound.errors;

/**
 * Finds the value of a secret-named JSON key ({@code "token": "..."}, {@code "pin": 1234}, {@code "creds": {...}}),
 * also inside a JSON document escaped into a string ({@code \"token\":\"...\"}). Stateless and thread-safe.
 */
final class JsonKeyValues {

    private JsonKeyValues() {
    }

    /**
     * The value after a key whose closing quote ends just before {@code k}, or {@link Spans#NONE} when no colon
     * follows (then the quoted word is a value itself, not a key).
     */
    static long valueAfterKey(String s, int k, boolean escaped) {
        int n = s.length();
        k = Spans.skipWhitespace(s, k);
        if (k >= n || s.charAt(k) != ':') {
            return Spans.NONE;
        }
        k = Spans.skipWhitespace(s, k + 1);
        if (k >= n) {
            return Spans.NONE;
        }
        if (escaped) {
            if (s.startsWith("\\\"", k)) {
                int from = k + 2;
                int to = s.indexOf("\\\"", from);
                to = to < 0 ? n : to;
                return to > from ? Spans.of(from, to) : Spans.NONE;
            }
            return Spans.bareValue(s, k);
        }
        char c = s.charAt(k);
        if (c == '"') {
            int from = k + 1;
            int to = from;
            while (to < n && s.charAt(to) != '"') {
                to += s.charAt(to) == '\\' ? 2 : 1;
            }
            to = Math.min(to, n);
            return to > from ? Spans.of(from, to) : Spans.NONE;
        }
        if (c == '{' || c == '[') {
            return Spans.of(k, balancedEnd(s, k));
        }
        return Spans.bareValue(s, k);
    }

    /** End (exclusive) of the JSON object or array starting at {@code k}, or the end of the text if unbalanced. */
    private static int balancedEnd(String s, int k) {
        int n = s.length();
        int depth = 0;
        boolean inString = false;
        for (int i = k; i < n; i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        return n;
    }
}
