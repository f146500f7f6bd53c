package dev.outbound.errors;

/**
 * The first redaction pass: finds every secret-named key ({@link SecretNames}) and replaces its value, whichever
 * syntax the key is written in: JSON ({@link JsonKeyValues}), an XML element ({@link XmlKeyValues}) or text
 * ({@link HeaderAndQueryValues}). Stateless and thread-safe.
 */
final class KeyedValues {

    private KeyedValues() {
    }

    static String redact(String s) {
        int n = s.length();
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < n) {
            if (!SecretNames.isNameChar(s.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && SecretNames.isNameChar(s.charAt(i))) {
                i++;
            }
            if (!SecretNames.isSecret(s, start, i)) {
                continue;
            }
            long span = valueSpan(s, start, i);
            if (span == Spans.NONE) {
                continue;
            }
            int from = Spans.from(span);
            int to = Spans.to(span);
            // A non-string JSON value (number, object) becomes a quoted marker so that the JSON stays valid.
            int keyStart = prefixedStart(s, start);
            boolean jsonKey = keyStart > 0 && s.charAt(keyStart - 1) == '"'
                    && (keyStart < 2 || s.charAt(keyStart - 2) != '\\') && i < n && s.charAt(i) == '"';
            boolean quote = jsonKey && from > 0 && s.charAt(from - 1) != '"';
            if (out == null) {
                out = new StringBuilder(n + 16);
            }
            out.append(s, copied, from).append(quote ? "\"" + Redactor.REDACTED + "\"" : Redactor.REDACTED);
            copied = to;
            i = Math.max(i, to);
        }
        if (out == null) {
            return s;
        }
        return out.append(s, copied, n).toString();
    }

    /** Where the value of the key at [name, end) lies, or {@link Spans#NONE}. */
    private static long valueSpan(String s, int name, int end) {
        int n = s.length();
        int start = prefixedStart(s, name);
        char before = start > 0 ? s.charAt(start - 1) : '\0';
        boolean escapedQuoteBefore = before == '"' && start > 1 && s.charAt(start - 2) == '\\';
        if (before == '"' && end < n && s.charAt(end) == '"' && !escapedQuoteBefore) {
            return JsonKeyValues.valueAfterKey(s, end + 1, false);
        }
        if (escapedQuoteBefore && s.startsWith("\\\"", end)) {
            return JsonKeyValues.valueAfterKey(s, end + 2, true);
        }
        if (before == '<') {
            return XmlKeyValues.elementContent(s, end);
        }
        return HeaderAndQueryValues.valueAfterKey(s, start, name, end);
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
        while (i >= 0 && SecretNames.isNameChar(s.charAt(i))) {
            i--;
        }
        boolean opened = i >= 0 && i < name - 2 && (s.charAt(i) == '"' || s.charAt(i) == '<');
        return opened ? i + 1 : name;
    }
}
