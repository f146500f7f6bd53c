package dev.outbound.errors;

/**
 * The text of an HTML error page's {@code <title>} (else its first {@code <h1>}), without markup and with the
 * common character references decoded. A plain scan, not a parser: error pages are small and often malformed.
 * Stateless and thread-safe.
 */
final class HtmlTitle {
    private HtmlTitle() {
    }

    static String of(String html) {
        String title = element(html, "title");
        return title.isBlank() ? element(html, "h1") : title;
    }

    private static String element(String html, String tag) {
        int open = indexOfIgnoreCase(html, "<" + tag, 0);
        while (open >= 0) {
            int after = open + tag.length() + 1;
            // <title> or <title lang=..>, not <titlebar>
            if (after < html.length() && (html.charAt(after) == '>' || Character.isWhitespace(html.charAt(after)))) {
                int gt = html.indexOf('>', after);
                if (gt < 0) {
                    return "";
                }
                int close = indexOfIgnoreCase(html, "</" + tag, gt + 1);
                String inner = html.substring(gt + 1, close < 0 ? Math.min(html.length(), gt + 1 + 1000) : close);
                // Strip again after decoding so that an encoded tag (&lt;script&gt;) does not come back as markup.
                return stripTags(decode(stripTags(inner))).strip();
            }
            open = indexOfIgnoreCase(html, "<" + tag, after);
        }
        return "";
    }

    private static String stripTags(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean inTag = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '<') {
                inTag = true;
            } else if (c == '>' && inTag) {
                inTag = false;
                b.append(' ');
            } else if (!inTag) {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String decode(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int semi = c == '&' ? s.indexOf(';', i) : -1;
            if (semi > i && semi - i <= 10) {
                String entity = s.substring(i + 1, semi);
                String decoded = entity(entity);
                if (decoded != null) {
                    b.append(decoded);
                    i = semi + 1;
                    continue;
                }
            }
            b.append(c);
            i++;
        }
        return b.toString();
    }

    private static String entity(String name) {
        switch (name) {
            case "amp":
                return "&";
            case "lt":
                return "<";
            case "gt":
                return ">";
            case "quot":
                return "\"";
            case "apos":
                return "'";
            case "nbsp":
                return " ";
            default:
                break;
        }
        try {
            int cp;
            if (name.startsWith("#x") || name.startsWith("#X")) {
                cp = Integer.parseInt(name.substring(2), 16);
            } else if (name.startsWith("#")) {
                cp = Integer.parseInt(name.substring(1));
            } else {
                return null;
            }
            return Character.isValidCodePoint(cp) && !Character.isISOControl(cp) ? Character.toString(cp) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int indexOfIgnoreCase(String s, String needle, int from) {
        int max = s.length() - needle.length();
        for (int i = Math.max(0, from); i <= max; i++) {
            if (s.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }
}
