package dev.outbound.errors;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.Objects;
import org.xml.sax.InputSource;

/**
 * Reads the provider's own error code and message out of an error body of any kind: JSON, XML, SOAP fault, HTML
 * (its {@code <title>}), plain text (its first line), or nothing. Provider adapters use it for the shapes they do
 * not know better; {@link GenericErrorClassifier} uses it for every body.
 *
 * <p>Only a bounded prefix is read ({@link #DEFAULT_MAX_READ_BYTES} by default), and readers stream, so a body
 * cut at that bound (or by the transport) still yields what its first part says. The kind is sniffed from the
 * body first and the {@code Content-Type} second, because error pages from proxies and load balancers often
 * carry the content type of the API they stand in front of. The code and message are one line each, bounded and
 * redacted. Never throws on any body. Stateless and thread-safe.
 */
public final class ErrorBodies {
    /** How much of a body is read by default: 64 KiB. */
    public static final int DEFAULT_MAX_READ_BYTES = 64 * 1024;

    private static final JsonErrorReader JSON = new JsonErrorReader();
    private static final XmlErrorReader XML = new XmlErrorReader();

    private ErrorBodies() {
    }

    /** The kind of body that was read. */
    public enum Kind {
        EMPTY, JSON, XML, SOAP_FAULT, HTML, TEXT, BINARY
    }

    /**
     * What a body says.
     *
     * @param kind the kind of body
     * @param providerCode the provider's error code, or empty
     * @param message the provider's message, or empty
     * @param truncated whether only a prefix of the body was read
     */
    public record Details(Kind kind, String providerCode, String message, boolean truncated) {
        public Details {
            Objects.requireNonNull(kind, "kind");
            providerCode = providerCode == null ? "" : providerCode;
            message = message == null ? "" : message;
        }
    }

    /** Reads at most {@link #DEFAULT_MAX_READ_BYTES} of the response body. */
    public static Details read(ProviderResponse response) {
        return read(response, DEFAULT_MAX_READ_BYTES);
    }

    /** Reads at most {@code maxBytes} of the response body. Never throws for any body. */
    public static Details read(ProviderResponse response, int maxBytes) {
        Objects.requireNonNull(response, "response");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        byte[] body = response.body();
        if (body.length == 0) {
            return new Details(Kind.EMPTY, "", "", response.bodyTruncated());
        }
        try {
            return readSafely(response, maxBytes);
        } catch (RuntimeException | StackOverflowError unexpected) {
            // Readers catch their own failures; this is the last line that keeps "never throws" true.
            return new Details(Kind.BINARY, "", "", true);
        }
    }

    private static Details readSafely(ProviderResponse response, int maxBytes) {
        byte[] body = response.body();
        int len = Math.min(body.length, maxBytes);
        boolean truncated = response.bodyTruncated() || body.length > maxBytes;
        Texts.Decoded decoded = Texts.decodePrefix(body, response.charset(), len);
        truncated |= decoded.cut();
        String text = decoded.text();
        String contentType = response.contentType();
        int first = firstNonWhitespace(text);
        if (first < 0) {
            return new Details(Kind.EMPTY, "", "", truncated);
        }
        char c = text.charAt(first);
        if (c == '{' || c == '[') {
            BodyFindings f = JSON.read(text.substring(first));
            if (f.recognised() || contentType.contains("json")) {
                return new Details(Kind.JSON, f.code(), f.message(), truncated);
            }
        }
        if (c == '<') {
            if (isHtml(text, first, contentType)) {
                return new Details(Kind.HTML, "", Texts.cleanMessage(HtmlTitle.of(text)), truncated);
            }
            // Bytes let the parser honour the XML declaration's encoding when the header names none.
            InputSource source = response.declaredCharset().isPresent()
                    ? new InputSource(new StringReader(text))
                    : new InputSource(new ByteArrayInputStream(body, 0, len));
            BodyFindings f = XML.read(source);
            return new Details(f.soapFault() ? Kind.SOAP_FAULT : Kind.XML, f.code(), f.message(), truncated);
        }
        if (contentType.startsWith("multipart/")) {
            // A batch response: the first part that carries JSON is the error (Dataverse, SAP OData $batch).
            int json = text.indexOf("\n{");
            if (json >= 0) {
                BodyFindings f = JSON.read(text.substring(json + 1));
                if (f.recognised()) {
                    return new Details(Kind.JSON, f.code(), f.message(), truncated);
                }
            }
        }
        if (Texts.looksBinary(text)) {
            return new Details(Kind.BINARY, "", "", truncated);
        }
        return new Details(Kind.TEXT, "", Texts.cleanMessage(firstLine(text, first)), truncated);
    }

    private static boolean isHtml(String text, int first, String contentType) {
        return contentType.contains("html") && !contentType.contains("xhtml+xml")
                || text.regionMatches(true, first, "<!doctype html", 0, 14)
                || text.regionMatches(true, first, "<html", 0, 5);
    }

    private static String firstLine(String text, int from) {
        int end = from;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r'
                && end - from < Texts.MAX_MESSAGE_CHARS * 2) {
            end++;
        }
        return text.substring(from, end);
    }

    private static int firstNonWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
