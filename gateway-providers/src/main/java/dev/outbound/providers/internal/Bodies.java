package dev.outbound.providers.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.outbound.errors.ProviderResponse;
import dev.outbound.errors.Redactor;
import dev.outbound.errors.SafeJson;
import dev.outbound.errors.SafeXml;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;

/**
 * Reads provider bodies for the classifiers: a JSON tree or XML document of a bounded body (with the limits of
 * {@link SafeJson} and {@link SafeXml}), a decoded prefix, and single string fields found by pattern when the body
 * was cut and no tree can be built. Every method is total: unreadable input gives an empty result. Stateless.
 */
public final class Bodies {
    /** Bodies larger than this are not parsed whole; the prefix and the generic reader still work. */
    public static final int MAX_TREE_BYTES = 256 * 1024;
    /** How much of a body the text helpers decode. */
    public static final int MAX_TEXT_CHARS = 64 * 1024;
    private static final int MAX_CLEAN_CHARS = 500;

    private Bodies() {
    }

    /** The body as a JSON tree when it is complete, starts like JSON and is small enough. */
    public static Optional<JsonNode> json(ProviderResponse r) {
        if (r.bodyTruncated() || r.body().length == 0 || r.body().length > MAX_TREE_BYTES) {
            return Optional.empty();
        }
        char first = firstChar(r.body());
        if (first != '{' && first != '[') {
            return Optional.empty();
        }
        return SafeJson.readTree(r.body());
    }

    /** The body as an XML document when it is complete, starts like XML and is small enough. */
    public static Optional<Document> xml(ProviderResponse r) {
        if (r.bodyTruncated() || r.body().length == 0 || r.body().length > MAX_TREE_BYTES
                || firstChar(r.body()) != '<') {
            return Optional.empty();
        }
        return SafeXml.parse(r.body());
    }

    /** Whether the body, skipping a BOM and whitespace, starts with {@code c}. */
    public static boolean startsWith(ProviderResponse r, char c) {
        return firstChar(r.body()) == c;
    }

    /** The first {@link #MAX_TEXT_CHARS} characters of the body, decoded leniently with its charset. */
    public static String text(ProviderResponse r) {
        byte[] body = r.body();
        int len = Math.min(body.length, MAX_TEXT_CHARS * 4);
        CharBuffer out = CharBuffer.allocate(Math.min(MAX_TEXT_CHARS, Math.max(len, 1)));
        r.charset().newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(ByteBuffer.wrap(body, 0, len), out, true);
        out.flip();
        return out.toString();
    }

    /** The first value of a JSON string field {@code "name": "value"} anywhere in {@code text}, unescaped only for
     * simple values; for bodies cut mid-way where no tree can be built. */
    public static Optional<String> stringField(String text, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"\\\\]{0,200})\"").matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The first value of a JSON number field {@code "name": 12} anywhere in {@code text}. */
    public static Optional<Long> numberField(String text, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(-?\\d{1,18})\\b").matcher(text);
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /** The text at a path of object fields, empty when absent; numbers and booleans as their text. */
    public static String at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            if (n == null || !n.isObject()) {
                return "";
            }
            n = n.get(p);
        }
        return n != null && n.isValueNode() && !n.isNull() ? n.asText() : "";
    }

    /** Whether the text is valid JSON throughout (one value, nothing after it). */
    public static boolean isValidJson(byte[] body) {
        try (JsonParser p = SafeJson.newFactory().createParser(body)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** One line, secrets removed, at most 500 characters: what may go into an envelope's code or message. */
    public static String clean(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        String flat = raw.replaceAll("\\s+", " ").strip();
        if (flat.length() > 4096) {
            flat = flat.substring(0, 4096);
        }
        String redacted = Redactor.redact(flat);
        return redacted.length() > MAX_CLEAN_CHARS ? redacted.substring(0, MAX_CLEAN_CHARS - 1) + "…" : redacted;
    }

    private static char firstChar(byte[] body) {
        int i = 0;
        if (body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF) {
            i = 3;
        }
        for (; i < body.length && i < 4096; i++) {
            char c = (char) (body[i] & 0xff);
            if (!Character.isWhitespace(c)) {
                return c;
            }
        }
        return 0;
    }
}
