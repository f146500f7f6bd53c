package dev.outbound.gateway.internal;

import java.nio.charset.StandardCharsets;

/**
 * Expands {@code {name}} placeholders of a path template with percent-encoded values. The template is the caller's
 * code and is trusted; the values are data and cannot change the path's shape: {@code /}, {@code ?}, {@code #},
 * {@code %} and control characters are encoded, and {@code .}, {@code ..} and empty values are refused. Stateless.
 */
public final class PathTemplate {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathTemplate() {
    }

    /**
     * @throws IllegalArgumentException when the number of values does not match the placeholders, a placeholder is
     *     unclosed, or a value is empty, {@code .} or {@code ..}
     */
    public static String expand(String template, Object... values) {
        if (template == null) {
            throw new IllegalArgumentException("path template must not be null");
        }
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c < 0x20 || c == 0x7f || c == ' ' || c == '?' || c == '#') {
                throw new IllegalArgumentException("path template '" + template
                        + "' must not contain spaces, control characters, '?' or '#'; use query() for parameters");
            }
        }
        StringBuilder out = new StringBuilder(template.length() + 16);
        int used = 0;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{') {
                int close = template.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("path template '" + template + "' has an unclosed '{'");
                }
                if (used >= values.length) {
                    throw new IllegalArgumentException("path template '" + template + "' needs more than "
                            + values.length + " variable(s)");
                }
                Object value = values[used++];
                if (value == null) {
                    throw new IllegalArgumentException("variable " + template.substring(i, close + 1) + " of '"
                            + template + "' is null");
                }
                String s = value.toString();
                if (s.isEmpty() || s.equals(".") || s.equals("..")) {
                    throw new IllegalArgumentException("variable " + template.substring(i, close + 1) + " of '"
                            + template + "' must not be empty, '.' or '..'");
                }
                encodeSegment(s, out);
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        if (used != values.length) {
            throw new IllegalArgumentException("path template '" + template + "' has " + used
                    + " variable(s) but " + values.length + " value(s) were given");
        }
        return out.toString();
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters. */
    static void encodeSegment(String value, StringBuilder out) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }
}
