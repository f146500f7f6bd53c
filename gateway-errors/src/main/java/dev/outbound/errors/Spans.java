package dev.outbound.errors;

/**
 * The scanning vocabulary the redaction passes share. A value's position is a span packed into a {@code long}
 * ({@code from << 32 | to}) so that a scan allocates nothing per candidate; {@link #NONE} means "no value here".
 * Stateless and thread-safe.
 */
final class Spans {

    static final long NONE = -1;

    private Spans() {
    }

    static long of(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }

    static int from(long span) {
        return (int) (span >>> 32);
    }

    static int to(long span) {
        return (int) span;
    }

    /** The value between the quote at {@code q} and its closing quote (or the end of the text). */
    static long quoted(String s, int q) {
        char quote = s.charAt(q);
        int from = q + 1;
        int to = s.indexOf(quote, from);
        to = to < 0 ? s.length() : to;
        return to > from ? of(from, to) : NONE;
    }

    /** An unquoted value: up to the next delimiter; an auth scheme word takes its credentials with it. */
    static long bareValue(String s, int from) {
        int to = bareEnd(s, from);
        if (to == from) {
            return NONE;
        }
        if (isAuthSchemeWord(s, from, to)) {
            int next = skipBlanks(s, to);
            int nextEnd = bareEnd(s, next);
            if (next > to && nextEnd > next) {
                to = nextEnd;
            }
        }
        if (isJsonLiteral(s, from, to)) {
            return NONE;
        }
        return of(from, to);
    }

    static int skipBlanks(String s, int k) {
        while (k < s.length() && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
            k++;
        }
        return k;
    }

    static int skipWhitespace(String s, int k) {
        while (k < s.length() && Character.isWhitespace(s.charAt(k))) {
            k++;
        }
        return k;
    }

    /** First index of {@code c} in [from, end), or {@code end}. */
    static int indexOf(String s, char c, int from, int end) {
        for (int i = from; i < end; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return end;
    }

    private static int bareEnd(String s, int from) {
        int n = s.length();
        int to = from;
        while (to < n) {
            char c = s.charAt(to);
            if (Character.isWhitespace(c) || c == '&' || c == '"' || c == '\'' || c == '<' || c == '>' || c == ';'
                    || c == ',' || c == ')' || c == '}' || c == ']' || c == '\\') {
                break;
            }
            to++;
        }
        return to;
    }

    private static boolean isJsonLiteral(String s, int from, int to) {
        int len = to - from;
        return (len == 4 && (s.startsWith("null", from) || s.startsWith("true", from)))
                || (len == 5 && s.startsWith("false", from));
    }

    private static boolean isAuthSchemeWord(String s, int from, int to) {
        int len = to - from;
        return (len == 6 && s.regionMatches(true, from, "bearer", 0, 6))
                || (len == 5 && s.regionMatches(true, from, "basic", 0, 5))
                || (len == 5 && s.regionMatches(true, from, "token", 0, 5));
    }
}
