package dev.outbound.errors;

/**
 * Finds the content of a secret-named XML element ({@code <wsse:Password ...>p</wsse:Password>}, CDATA included).
 * Attributes ({@code token="..."}) are found by {@link HeaderAndQueryValues} as {@code name=value}. Stateless and
 * thread-safe.
 */
final class XmlKeyValues {

    private XmlKeyValues() {
    }

    /** Content of the element whose start-tag name ends at {@code k}; {@link Spans#NONE} if empty or self-closed. */
    static long elementContent(String s, int k) {
        int n = s.length();
        // Stop at '<' so that the scans of two tags never overlap: that keeps the whole pass linear.
        int gt = k;
        while (gt < n && s.charAt(gt) != '>' && s.charAt(gt) != '<') {
            gt++;
        }
        if (gt >= n || s.charAt(gt) != '>' || s.charAt(gt - 1) == '/') {
            return Spans.NONE;
        }
        int from = gt + 1;
        if (s.startsWith("<![CDATA[", from)) {
            int end = s.indexOf("]]>", from);
            int to = end < 0 ? n : end + 3;
            return Spans.of(from, to);
        }
        int to = from;
        boolean blank = true;
        while (to < n && s.charAt(to) != '<') {
            blank &= Character.isWhitespace(s.charAt(to));
            to++;
        }
        return blank ? Spans.NONE : Spans.of(from, to);
    }
}
