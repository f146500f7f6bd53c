package dev.outbound.errors;

import java.util.Set;

/**
 * Removes secret-looking values from provider error text before it is stored in an envelope, logged or shipped.
 *
 * <p>Two kinds of secrets are replaced with {@value #REDACTED}:
 * <ul>
 *   <li>values of keys named like secrets ({@code access_token}, {@code password}, {@code client_secret},
 *       {@code api_key}, {@code authorization}, {@code cookie}, {@code session}, {@code signature},
 *       {@code private_key}, ... see {@link #isSecretName(String)}) in JSON ({@code "token": "..."}, also inside an
 *       escaped JSON string), XML elements and attributes, form and query strings ({@code password=...}) and
 *       header-like lines ({@code Authorization: ...});</li>
 *   <li>free-standing credentials: {@code Bearer <token>} and {@code Basic <credentials>}, JWTs ({@code eyJ...}
 *       with at least two dots), and long base64/hex runs (32 characters or more, mixing letters and digits) that
 *       look like keys. UUIDs are kept because they are correlation ids, not secrets.</li>
 * </ul>
 *
 * <p>The scan is hand-written rather than regex-based so that it is linear in the input length whatever the input
 * (no backtracking on a hostile 64 KiB body). It errs on the side of removing too much. Stateless and thread-safe.
 */
public final class Redactor {

    /** What a secret value is replaced with. */
    public static final String REDACTED = "[REDACTED]";

    /** Normalized key names (lower case, no {@code _ - .}) that are secrets when they match exactly. */
    private static final Set<String> SECRET_NAMES = Set.of("sid", "pwd", "pass", "passphrase", "otp", "jwt", "sig",
            "apikey", "xapikey", "auth", "credentials", "clientassertion", "samlresponse");

    /** Names that are secrets even in running text: {@code password: hunter2}. */
    private static final Set<String> PLAIN_SECRET_NAMES = Set.of("password", "passwd", "pwd", "secret",
            "clientsecret", "token", "accesstoken", "refreshtoken", "idtoken", "authtoken", "apitoken", "apikey",
            "xapikey", "authorization", "cookie", "setcookie", "session", "sessionid", "signature", "privatekey");

    /** Normalized key name endings that make a key secret: {@code refresh_token}, {@code X-Api-Key}, ... */
    private static final String[] SECRET_SUFFIXES = {"token", "secret", "password", "passwd", "apikey",
            "privatekey", "secretkey", "accesskey", "signature", "sessionid", "session", "cookie", "authorization",
            "credential", "assertion"};

    private Redactor() {
    }

    /**
     * Whether a key with this name holds a secret. Case, namespace prefixes ({@code o:}, {@code wsse:}) and the
     * separators {@code _ - .} are ignored: {@code X-Api-Key}, {@code apiKey} and {@code api_key} are the same.
     */
    public static boolean isSecretName(String name) {
        if (name == null) {
            return false;
        }
        int colon = name.lastIndexOf(':');
        return isSecretName(name, colon + 1, name.length());
    }

    /** The text with every secret-looking value replaced by {@value #REDACTED}. Linear time; never throws. */
    public static String redact(CharSequence text) {
        if (text == null || text.length() == 0) {
            return "";
        }
        return redactFreeStanding(redactKeyedValues(text.toString()));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Pass 1: values of secret-named keys.

    private static String redactKeyedValues(String s) {
        int n = s.length();
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < n) {
            if (!isNameChar(s.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isNameChar(s.charAt(i))) {
                i++;
            }
            if (!isSecretName(s, start, i)) {
                continue;
            }
            long span = valueSpan(s, start, i);
            if (span < 0) {
                continue;
            }
            int from = (int) (span >>> 32);
            int to = (int) span;
            // A non-string JSON value (number, object) becomes a quoted marker so that the JSON stays valid.
            int keyStart = prefixedStart(s, start);
            boolean jsonKey = keyStart > 0 && s.charAt(keyStart - 1) == '"'
                    && (keyStart < 2 || s.charAt(keyStart - 2) != '\\') && i < n && s.charAt(i) == '"';
            boolean quote = jsonKey && from > 0 && s.charAt(from - 1) != '"';
            if (out == null) {
                out = new StringBuilder(n + 16);
            }
            out.append(s, copied, from).append(quote ? "\"" + REDACTED + "\"" : REDACTED);
            copied = to;
            i = Math.max(i, to);
        }
        if (out == null) {
            return s;
        }
        return out.append(s, copied, n).toString();
    }

    /**
     * Where the value of the key at [start, end) lies, packed as (from << 32 | to), or -1 when the key is not
     * followed by a value in any syntax we know (then it is just a word in a sentence).
     */
    private static long valueSpan(String s, int name, int end) {
        int n = s.length();
        int start = prefixedStart(s, name);
        char before = start > 0 ? s.charAt(start - 1) : '\0';
        boolean escapedQuoteBefore = before == '"' && start > 1 && s.charAt(start - 2) == '\\';
        if (before == '"' && end < n && s.charAt(end) == '"' && !escapedQuoteBefore) {
            return jsonValue(s, end + 1, false);
        }
        if (escapedQuoteBefore && s.startsWith("\\\"", end)) {
            return jsonValue(s, end + 2, true);
        }
        if (before == '<') {
            return xmlElementContent(s, end);
        }
        int k = skipBlanks(s, end);
        if (k < n && s.charAt(k) == '=') {
            k = skipBlanks(s, k + 1);
            if (k < n && (s.charAt(k) == '"' || s.charAt(k) == '\'')) {
                return quoted(s, k);
            }
            return bareValue(s, k);
        }
        // "KEY: value" is a header line or prose. An error code (INVALID_SESSION_ID: ...) is not a key, and in the
        // middle of a line only a plain secret name ("password: x") is, so that messages stay readable.
        if (k < n && s.charAt(k) == ':' && !s.startsWith("//", k + 1) && !isErrorCode(s, name, end)) {
            if (atLineStart(s, start)) {
                // A header line: the whole rest of the line is the value (Cookie: a=b; c=d, Authorization: Basic x).
                int from = skipBlanks(s, k + 1);
                int to = from;
                while (to < n && s.charAt(to) != '\n' && s.charAt(to) != '\r') {
                    to++;
                }
                return to > from ? pack(from, to) : -1;
            }
            if (!PLAIN_SECRET_NAMES.contains(normalized(s, name, end))) {
                return -1;
            }
            int from = skipBlanks(s, k + 1);
            if (from < n && (s.charAt(from) == '"' || s.charAt(from) == '\'')) {
                return quoted(s, from);
            }
            return bareValue(s, from);
        }
        return -1;
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

    /** A JSON value starting at or after {@code k} (which points just past the key's closing quote). */
    private static long jsonValue(String s, int k, boolean escaped) {
        int n = s.length();
        k = skipWhitespace(s, k);
        if (k >= n || s.charAt(k) != ':') {
            return -1;
        }
        k = skipWhitespace(s, k + 1);
        if (k >= n) {
            return -1;
        }
        if (escaped) {
            if (s.startsWith("\\\"", k)) {
                int from = k + 2;
                int to = s.indexOf("\\\"", from);
                to = to < 0 ? n : to;
                return to > from ? pack(from, to) : -1;
            }
            return bareValue(s, k);
        }
        char c = s.charAt(k);
        if (c == '"') {
            int from = k + 1;
            int to = from;
            while (to < n && s.charAt(to) != '"') {
                to += s.charAt(to) == '\\' ? 2 : 1;
            }
            to = Math.min(to, n);
            return to > from ? pack(from, to) : -1;
        }
        if (c == '{' || c == '[') {
            return pack(k, balancedEnd(s, k));
        }
        return bareValue(s, k);
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

    /** Content of an XML element whose start-tag name ends at {@code k}. */
    private static long xmlElementContent(String s, int k) {
        int n = s.length();
        // Stop at '<' so that the scans of two tags never overlap: that keeps the whole pass linear.
        int gt = k;
        while (gt < n && s.charAt(gt) != '>' && s.charAt(gt) != '<') {
            gt++;
        }
        if (gt >= n || s.charAt(gt) != '>' || s.charAt(gt - 1) == '/') {
            return -1;
        }
        int from = gt + 1;
        if (s.startsWith("<![CDATA[", from)) {
            int end = s.indexOf("]]>", from);
            int to = end < 0 ? n : end + 3;
            return pack(from, to);
        }
        int to = from;
        boolean blank = true;
        while (to < n && s.charAt(to) != '<') {
            blank &= Character.isWhitespace(s.charAt(to));
            to++;
        }
        return blank ? -1 : pack(from, to);
    }

    private static long quoted(String s, int q) {
        char quote = s.charAt(q);
        int from = q + 1;
        int to = s.indexOf(quote, from);
        to = to < 0 ? s.length() : to;
        return to > from ? pack(from, to) : -1;
    }

    /** An unquoted value: up to the next delimiter; an auth scheme word takes its credentials with it. */
    private static long bareValue(String s, int from) {
        int to = bareEnd(s, from);
        if (to == from) {
            return -1;
        }
        if (isAuthScheme(s, from, to)) {
            int next = skipBlanks(s, to);
            int nextEnd = bareEnd(s, next);
            if (next > to && nextEnd > next) {
                to = nextEnd;
            }
        }
        if (isJsonLiteral(s, from, to)) {
            return -1;
        }
        return pack(from, to);
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

    private static boolean isAuthScheme(String s, int from, int to) {
        int len = to - from;
        return (len == 6 && s.regionMatches(true, from, "bearer", 0, 6))
                || (len == 5 && s.regionMatches(true, from, "basic", 0, 5))
                || (len == 5 && s.regionMatches(true, from, "token", 0, 5));
    }

    /**
     * Where a key starts when it has a namespace prefix that a quote or a tag opens: {@code "o:password"},
     * {@code <wsse:Password>}; else {@code name} itself.
     */
    private static int prefixedStart(String s, int name) {
        if (name < 2 || s.charAt(name - 1) != ':') {
            return name;
        }
        int i = name - 2;
        while (i >= 0 && isNameChar(s.charAt(i))) {
            i--;
        }
        boolean opened = i >= 0 && i < name - 2 && (s.charAt(i) == '"' || s.charAt(i) == '<');
        return opened ? i + 1 : name;
    }

    private static boolean atLineStart(String s, int start) {
        int i = start - 1;
        while (i >= 0 && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i--;
        }
        return i < 0 || s.charAt(i) == '\n' || s.charAt(i) == '\r';
    }

    private static boolean isSecretName(CharSequence s, int start, int end) {
        int len = end - start;
        if (len < 3 || len > 64) {
            return false;
        }
        String name = normalized(s, start, end);
        if (SECRET_NAMES.contains(name)) {
            return true;
        }
        for (String suffix : SECRET_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private static String normalized(CharSequence s, int start, int end) {
        StringBuilder norm = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c != '_' && c != '-' && c != '.') {
                norm.append(Character.toLowerCase(c));
            }
        }
        return norm.toString();
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                || c == '.';
    }

    private static int skipBlanks(String s, int k) {
        while (k < s.length() && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
            k++;
        }
        return k;
    }

    private static int skipWhitespace(String s, int k) {
        while (k < s.length() && Character.isWhitespace(s.charAt(k))) {
            k++;
        }
        return k;
    }

    private static long pack(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Pass 2: free-standing credentials.

    private static String redactFreeStanding(String s) {
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
                int tokenStart = skipBlanks(s, end);
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(s, copied, tokenStart).append(REDACTED);
                copied = tokenEnd;
                i = tokenEnd;
                continue;
            }
            // Within the run, look at the dot-separated segments: a JWT spans three, a key is one.
            int segStart = start;
            while (segStart <= end) {
                int segEnd = indexOf(s, '.', segStart, end);
                int redactTo = -1;
                if (segEnd - segStart >= 10 && s.startsWith("eyJ", segStart) && segEnd < end) {
                    // A JWT: header, payload, signature (cut short if the text was truncated).
                    int payloadEnd = indexOf(s, '.', segEnd + 1, end);
                    redactTo = payloadEnd < end ? indexOf(s, '.', payloadEnd + 1, end) : end;
                } else if (looksLikeKey(s, segStart, segEnd)) {
                    redactTo = segEnd;
                }
                if (redactTo > 0) {
                    if (out == null) {
                        out = new StringBuilder(n);
                    }
                    out.append(s, copied, segStart).append(REDACTED);
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
        int k = skipBlanks(s, end);
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
        if (len < 32) {
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

    private static int indexOf(String s, char c, int from, int end) {
        for (int i = from; i < end; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return end;
    }

    /** Characters of base64, base64url, hex and dotted JWTs; '=' is left out so {@code token=abc} splits. */
    private static boolean isRunChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                || c == '+' || c == '/' || c == '.';
    }

    private static boolean isToken68Char(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                || c == '+' || c == '/' || c == '.' || c == '~';
    }

    /** Used by capture to find a token cut at a truncation boundary. */
    static boolean isTokenChar(char c) {
        return isToken68Char(c) || c == '=' || c == '%';
    }
}
