package dev.outbound.providers.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the {@code multipart/mixed} bodies of OData {@code $batch} (SAP Gateway, Dataverse): parts of
 * {@code Content-Type: application/http} carrying one HTTP message each, and change sets as nested multiparts.
 * Lenient on line endings (CRLF or LF, as documentation samples mix them) and bounded (at most
 * {@value #MAX_PARTS} parts, nesting depth 2). Works on ISO-8859-1 text so bytes survive unchanged. Stateless.
 */
public final class Multipart {
    public static final int MAX_PARTS = 10_000;
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary\\s*=\\s*\"?([^\";\\s]{1,200})\"?");
    private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/\\d(?:\\.\\d)?\\s+(\\d{3})(?:\\s+(.*))?$");

    private Multipart() {
    }

    /** One MIME part: its headers (names case-insensitive) and its body bytes. */
    public record Part(Map<String, List<String>> headers, byte[] body) {
        public Optional<String> header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }

        /** The nested boundary when this part is itself a multipart (a change set). */
        public Optional<String> nestedBoundary() {
            return header("Content-Type").filter(ct -> ct.toLowerCase(Locale.ROOT).startsWith("multipart/"))
                    .flatMap(Multipart::boundary);
        }
    }

    /** One HTTP response carried by a part. */
    public record HttpMessage(int status, Map<String, List<String>> headers, byte[] body) {
    }

    /** The boundary parameter of a multipart Content-Type. */
    public static Optional<String> boundary(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        Matcher m = BOUNDARY.matcher(contentType);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The parts between the boundaries; the preamble and epilogue are dropped. Never throws. */
    public static List<Part> parse(byte[] body, String boundary) {
        List<Part> parts = new ArrayList<>();
        try {
            String text = new String(body, StandardCharsets.ISO_8859_1);
            String delimiter = "--" + boundary;
            int pos = indexOfDelimiter(text, delimiter, 0);
            while (pos >= 0 && parts.size() < MAX_PARTS) {
                int after = pos + delimiter.length();
                if (text.startsWith("--", after)) {
                    break; // close delimiter
                }
                int contentStart = skipLineEnd(text, after);
                int next = indexOfDelimiter(text, delimiter, contentStart);
                int contentEnd = next < 0 ? text.length() : trimLineEndBefore(text, next);
                if (contentEnd < contentStart) {
                    contentEnd = contentStart;
                }
                parts.add(toPart(text.substring(contentStart, contentEnd)));
                pos = next;
            }
        } catch (RuntimeException unreadable) {
            // a broken body gives the parts read so far
        }
        return parts;
    }

    /** The HTTP response inside an {@code application/http} part, if its first line is a status line. */
    public static Optional<HttpMessage> httpResponse(byte[] partBody) {
        try {
            String text = new String(partBody, StandardCharsets.ISO_8859_1);
            int start = 0;
            while (start < text.length() && (text.charAt(start) == '\r' || text.charAt(start) == '\n')) {
                start++;
            }
            int lineEnd = lineEnd(text, start);
            Matcher m = STATUS_LINE.matcher(text.substring(start, lineEnd).strip());
            if (!m.matches()) {
                return Optional.empty();
            }
            Part rest = toPart(text.substring(skipLineEnd(text, lineEnd)));
            return Optional.of(new HttpMessage(Integer.parseInt(m.group(1)), rest.headers(), rest.body()));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** Builds multipart bodies with CRLF line endings. Not thread-safe. */
    public static final class Writer {
        private final String boundary;
        private final StringBuilder out = new StringBuilder(1024);

        public Writer(String boundary) {
            this.boundary = boundary;
        }

        public String boundary() {
            return boundary;
        }

        /** An {@code application/http} part with a request line, headers and an optional body. */
        public Writer httpPart(String method, String target, Map<String, String> headers, String body,
                               String contentId) {
            out.append("--").append(boundary).append("\r\n")
                    .append("Content-Type: application/http\r\n")
                    .append("Content-Transfer-Encoding: binary\r\n");
            if (contentId != null) {
                out.append("Content-ID: ").append(contentId).append("\r\n");
            }
            out.append("\r\n").append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            headers.forEach((k, v) -> out.append(k).append(": ").append(v).append("\r\n"));
            out.append("\r\n");
            if (body != null && !body.isEmpty()) {
                out.append(body).append("\r\n");
            }
            return this;
        }

        /** A nested multipart (a change set) written by {@code nested}. */
        public Writer nested(Writer nested) {
            out.append("--").append(boundary).append("\r\n")
                    .append("Content-Type: multipart/mixed; boundary=").append(nested.boundary).append("\r\n\r\n")
                    .append(nested.build()).append("\r\n");
            return this;
        }

        /** The body with its close delimiter. */
        public String build() {
            return out + "--" + boundary + "--\r\n";
        }
    }

    private static Part toPart(String content) {
        if (content.startsWith("\r\n") || content.startsWith("\n")) {
            String body = content.substring(content.startsWith("\r\n") ? 2 : 1);
            return new Part(Map.of(), body.getBytes(StandardCharsets.ISO_8859_1));
        }
        int split = content.indexOf("\r\n\r\n");
        int sepLen = 4;
        int lf = content.indexOf("\n\n");
        if (lf >= 0 && (split < 0 || lf < split)) {
            split = lf;
            sepLen = 2;
        }
        String head = split < 0 ? content : content.substring(0, split);
        String body = split < 0 ? "" : content.substring(split + sepLen);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line : head.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).strip(), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).strip());
            }
        }
        if (split < 0 && headers.isEmpty()) {
            body = content;
        }
        return new Part(Collections.unmodifiableMap(headers), body.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static int indexOfDelimiter(String text, String delimiter, int from) {
        int i = text.indexOf(delimiter, from);
        while (i > 0 && text.charAt(i - 1) != '\n') {
            i = text.indexOf(delimiter, i + 1);
        }
        return i;
    }

    private static int lineEnd(String text, int from) {
        int n = text.indexOf('\n', from);
        if (n < 0) {
            return text.length();
        }
        return n > from && text.charAt(n - 1) == '\r' ? n - 1 : n;
    }

    private static int skipLineEnd(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) != '\n') {
            i++; // transport padding after a delimiter
        }
        return Math.min(text.length(), i + 1);
    }

    private static int trimLineEndBefore(String text, int delimiterPos) {
        int end = delimiterPos;
        if (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
            if (end > 0 && text.charAt(end - 1) == '\r') {
                end--;
            }
        }
        return end;
    }
}
