package dev.outbound.errors;

/**
 * Finds the value of a secret-named key written as text rather than JSON or an XML element: form and query
 * parameters and XML attributes ({@code password=x}, {@code token="x"}), header lines ({@code Authorization: Basic
 * x}) and prose ({@code password: x}). Stateless and thread-safe.
 */
final class HeaderAndQueryValues {

    /** Longer than any keyword a parser names after "token:", shorter than any real token made of letters only. */
    private static final int MAX_PLAIN_WORD = 16;

    private HeaderAndQueryValues() {
    }

    /**
     * The value of the secret-named key at [name, end) (its namespace prefix, if any, starts at {@code start}), or
     * {@link Spans#NONE} when the key is not followed by a value in any syntax we know (then it is just a word in a
     * sentence).
     */
    static long valueAfterKey(String s, int start, int name, int end) {
        int n = s.length();
        int k = Spans.skipBlanks(s, end);
        if (k < n && s.charAt(k) == '=') {
            k = Spans.skipBlanks(s, k + 1);
            if (k < n && (s.charAt(k) == '"' || s.charAt(k) == '\'')) {
                return Spans.quoted(s, k);
            }
            return Spans.bareValue(s, k);
        }
        // "KEY: value" is a header line or prose. An error code (INVALID_SESSION_ID: ...) is not a key, and in the
        // middle of a line only a plain secret name ("password: x") is, so that messages stay readable.
        if (k >= n || s.charAt(k) != ':' || s.startsWith("//", k + 1) || isErrorCode(s, name, end)) {
            return Spans.NONE;
        }
        if (atLineStart(s, start)) {
            // A header line: the whole rest of the line is the value (Cookie: a=b; c=d, Authorization: Basic x).
            int from = Spans.skipBlanks(s, k + 1);
            int to = from;
            while (to < n && s.charAt(to) != '\n' && s.charAt(to) != '\r') {
                to++;
            }
            return to > from ? Spans.of(from, to) : Spans.NONE;
        }
        if (!SecretNames.isSecretInRunningText(s, name, end)) {
            return Spans.NONE;
        }
        int from = Spans.skipBlanks(s, k + 1);
        boolean quoted = from < n && (s.charAt(from) == '"' || s.charAt(from) == '\'');
        long span = quoted ? Spans.quoted(s, from) : Spans.bareValue(s, from);
        // Parsers say "unexpected token: FROM": a short word of letters only is the keyword they choked on. Real
        // tokens are long or mix in digits and symbols, and a password can be a word, so only token names get this.
        if (span != Spans.NONE && SecretNames.isTokenName(s, name, end)
                && isShortPlainWord(s, Spans.from(span), Spans.to(span))) {
            return Spans.NONE;
        }
        return span;
    }

    /** SCREAMING_SNAKE_CASE: how providers spell error codes, never how they spell credential keys. */
    private static boolean isErrorCode(String s, int start, int end) {
        boolean underscore = false;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                return false;
            }
            underscore |= c == '_';
        }
        return underscore;
    }

    private static boolean atLineStart(String s, int start) {
        int i = start - 1;
        while (i >= 0 && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i--;
        }
        return i < 0 || s.charAt(i) == '\n' || s.charAt(i) == '\r';
    }

    private static boolean isShortPlainWord(String s, int from, int to) {
        if (to - from > MAX_PLAIN_WORD) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }
}
