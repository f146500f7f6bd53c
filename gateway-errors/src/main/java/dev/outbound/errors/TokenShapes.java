package dev.outbound.errors;

/**
 * The second redaction pass: credentials that no key names, recognised by their shape. {@code Bearer <token>} and
 * {@code Basic <credentials>}, JWTs ({@code eyJ...} with at least two dots) and long base64/hex runs that mix
 * letters and digits. UUIDs and URL paths made of words are kept. Stateless and thread-safe.
 */
final class TokenShapes {

    private static final int MIN_KEY_LENGTH = 32;

    private TokenShapes() {
    }

    static String redact(String s) {
        int n = s.length();
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < n) {
            if (!isRunChar(s.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isRunChar(s.charAt(i))) {
                i++;
            }
            int end = i;
            int tokenEnd = authSchemeCredentialsEnd(s, start, end);
            if (tokenEnd > 0) {
                int tokenStart = Spans.skipBlanks(s, end);
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(s, copied, tokenStart).append(Redactor.REDACTED);
                copied = tokenEnd;
                i = tokenEnd;
                continue;
            }
            // Within the run, look at the dot-separated segments: a JWT spans three, a key is one.
            int segStart = start;
            while (segStart <= end) {
                int segEnd = Spans.indexOf(s, '.', segStart, end);
                int redactTo = -1;
                if (segEnd - segStart >= 10 && s.startsWith("eyJ", segStart) && segEnd < end) {
                    // A JWT: header, payload, signature (cut short if the text was truncated).
                    int payloadEnd = Spans.indexOf(s, '.', segEnd + 1, end);
                    redactTo = payloadEnd < end ? Spans.indexOf(s, '.', payloadEnd + 1, end) : end;
                } else if (looksLikeKey(s, segStart, segEnd)) {
                    redactTo = segEnd;
                }
                if (redactTo > 0) {
                    if (out == null) {
                        out = new StringBuilder(n);
                    }
                    out.append(s, copied, segStart).append(Redactor.REDACTED);
                    copied = redactTo;
                    segEnd = redactTo;
                }
                segStart = segEnd + 1;
            }
        }
        if (out == null) {
            return s;
        }
        return out.append(s, copied, n).toString();
    }

    /** Characters of a token68 credential (RFC 9110 section 11.2), without its '=' padding. */
    static boolean isToken68Char(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                || c == '+' || c == '/' || c == '.' || c == '~';
    }

    /**
     * When the run [start, end) is {@code Bearer} or {@code Basic} followed by credentials, the end of those
     * credentials; else -1. An auth parameter ({@code Bearer realm="x"}) is not a credential.
     */
    private static int authSchemeCredentialsEnd(String s, int start, int end) {
        int len = end - start;
        boolean bearer = len == 6 && s.regionMatches(true, start, "bearer", 0, 6);
        boolean basic = len == 5 && s.regionMatches(true, start, "basic", 0, 5);
        if (!bearer && !basic) {
            return -1;
        }
        int n = s.length();
        int k = Spans.skipBlanks(s, end);
        if (k == end || k >= n) {
            return -1;
        }
        int t = k;
        while (t < n && isToken68Char(s.charAt(t))) {
            t++;
        }
        int bodyEnd = t;
        while (t < n && s.charAt(t) == '=') {
            t++;
        }
        boolean padded = t > bodyEnd;
        if (padded && t < n && (s.charAt(t) == '"' || isToken68Char(s.charAt(t)))) {
            return -1; // realm="x" or error=invalid_token: an auth-param, not a token68
        }
        int tokenLen = bodyEnd - k;
        if (tokenLen == 0) {
            return -1;
        }
        // Real tokens are not always token68: a Salesforce session id is "00D...!AQ...". Take everything up to the
        // next delimiter so that no tail of the token survives.
        while (t < n && !isCredentialDelimiter(s.charAt(t))) {
            t++;
        }
        boolean mixed = false;
        for (int i = k; i < bodyEnd && !mixed; i++) {
            mixed = !Character.isLetter(s.charAt(i));
        }
        boolean credential = bearer ? tokenLen >= 8 && (mixed || tokenLen >= 20) : tokenLen >= 8 && (mixed || padded);
        return credential ? t : -1;
    }

    private static boolean isCredentialDelimiter(char c) {
        return Character.isWhitespace(c) || c == '"' || c == '\'' || c == '<' || c == '>' || c == ',' || c == ';'
                || c == '\\' || c == ')' || c == ']' || c == '}' || c == '&';
    }

    private static boolean looksLikeKey(String s, int from, int to) {
        int len = to - from;
        if (len < MIN_KEY_LENGTH) {
            return false;
        }
        if (len == 36 && isUuid(s, from)) {
            return false;
        }
        boolean digit = false;
        boolean letter = false;
        boolean slash = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            digit |= c >= '0' && c <= '9';
            letter |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            slash |= c == '/';
        }
        if (!digit || !letter) {
            return false;
        }
        // A path like /services/data/v59.0/sobjects/Account is made of words; a base64 key is not.
        return !slash || !hasPlainWordPiece(s, from, to);
    }

    private static boolean hasPlainWordPiece(String s, int from, int to) {
        int pieceStart = from;
        for (int i = from; i <= to; i++) {
            if (i == to || s.charAt(i) == '/') {
                if (isPlainWord(s, pieceStart, i)) {
                    return true;
                }
                pieceStart = i + 1;
            }
        }
        return false;
    }

    /** {@code word}, {@code Word} or {@code WORD} of at least three letters. */
    private static boolean isPlainWord(String s, int from, int to) {
        if (to - from < 3) {
            return false;
        }
        boolean allUpper = true;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
            allUpper &= c <= 'Z';
            if (i > from && c <= 'Z' && !allUpper) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUuid(String s, int from) {
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(from + i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Base64, base64url, hex and dotted JWT characters; '=' is left out so {@code token=abc} splits. */
    private static boolean isRunChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                || c == '+' || c == '/' || c == '.';
    }
}
