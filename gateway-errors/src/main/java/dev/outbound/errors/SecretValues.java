package dev.outbound.errors;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The exact secret values of one account's current credential, removed wherever they appear in text that leaves the
 * pipeline: envelope messages, raw errors, provider codes, exception messages. {@link Redactor} finds values that look
 * secret by their key or shape; this finds the values the gateway knows are secret, whatever surrounds them — a
 * provider that echoes the API key in its 401 body, or a library that quotes a header value in its exception.
 *
 * <p>Each value is matched as written and in the encoded forms in which it is sent or echoed (URL-encoded, JSON
 * string-escaped). Values shorter than {@value #MIN_LENGTH} characters are not matched: they cannot be real secrets,
 * and replacing every occurrence of them would make messages unreadable. Immutable and thread-safe.
 */
public final class SecretValues {
    /** The shortest value that is redacted. */
    public static final int MIN_LENGTH = 4;
    private static final SecretValues NONE = new SecretValues(List.of());

    /** Longest first, so that a value containing another is replaced whole. */
    private final List<String> needles;

    private SecretValues(List<String> needles) {
        this.needles = needles;
    }

    /** No secret values: {@link #redact} returns its input. */
    public static SecretValues none() {
        return NONE;
    }

    /** The given secret values (nulls and values under {@value #MIN_LENGTH} characters are ignored). */
    public static SecretValues of(Collection<String> values) {
        Objects.requireNonNull(values, "values");
        Set<String> forms = new LinkedHashSet<>();
        for (String v : values) {
            if (v == null || v.length() < MIN_LENGTH) {
                continue;
            }
            forms.add(v);
            forms.add(URLEncoder.encode(v, StandardCharsets.UTF_8));
            forms.add(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"));
            forms.add(jsonEscaped(v));
        }
        if (forms.isEmpty()) {
            return NONE;
        }
        List<String> sorted = new ArrayList<>(forms);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretValues(List.copyOf(sorted));
    }

    public boolean isEmpty() {
        return needles.isEmpty();
    }

    /** Whether {@code text} contains any of the values, or ends in the first characters of one. */
    public boolean foundIn(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (String n : needles) {
            if (text.contains(n)) {
                return true;
            }
        }
        return !redactCutOffTail(text).equals(text);
    }

    /**
     * {@code text} with every occurrence of a value replaced by {@link Redactor#REDACTED}, and a value cut off at the
     * end of the text (a bounded raw error or message that stopped inside the secret, maybe followed by an ellipsis)
     * replaced too: the first characters of a secret are still part of it.
     */
    public String redact(String text) {
        if (text == null || text.isEmpty() || needles.isEmpty()) {
            return text;
        }
        String out = text;
        for (String n : needles) {
            if (out.contains(n)) {
                out = out.replace(n, Redactor.REDACTED);
            }
        }
        return redactCutOffTail(out);
    }

    private String redactCutOffTail(String text) {
        String body = text;
        String ellipsis = "";
        for (String e : List.of("…", "...")) {
            if (body.endsWith(e)) {
                ellipsis = e;
                body = body.substring(0, body.length() - e.length());
                break;
            }
        }
        for (String n : needles) {
            for (int len = Math.min(n.length() - 1, body.length()); len >= MIN_LENGTH; len--) {
                if (body.regionMatches(body.length() - len, n, 0, len)) {
                    return body.substring(0, body.length() - len) + Redactor.REDACTED + ellipsis;
                }
            }
        }
        return text;
    }

    /** The envelope with the values removed from its message, raw error and provider code. */
    public ErrorEnvelope redact(ErrorEnvelope envelope) {
        Objects.requireNonNull(envelope, "envelope");
        if (needles.isEmpty() || !(foundIn(envelope.message()) || foundIn(envelope.rawError())
                || foundIn(envelope.providerCode()))) {
            return envelope;
        }
        return envelope.toBuilder()
                .message(redact(envelope.message()))
                .rawError(redact(envelope.rawError()))
                .providerCode(redact(envelope.providerCode()))
                .build();
    }

    private static String jsonEscaped(String v) {
        StringBuilder sb = new StringBuilder(v.length() + 8);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '/' -> sb.append("\\/");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "SecretValues[" + needles.size() + " forms]";
    }
}
