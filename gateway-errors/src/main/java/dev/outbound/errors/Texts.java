package dev.outbound.errors;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;

/** Small text helpers shared by the body readers and the capture. Stateless. */
final class Texts {
    static final int MAX_MESSAGE_CHARS = 500;
    static final int MAX_CODE_CHARS = 120;

    private Texts() {
    }

    /** Decodes at most {@code maxChars} characters from the start of {@code body}, never reading all of a huge one. */
    static Decoded decodePrefix(byte[] body, Charset charset, int maxChars) {
        // A character takes at least one byte in every charset we meet, and at most four in UTF-8; so 4 bytes per
        // wanted character is enough and a 10 MiB body is never decoded whole.
        long wantBytes = Math.min((long) body.length, (long) maxChars * 4L);
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer out = CharBuffer.allocate(maxChars);
        ByteBuffer in = ByteBuffer.wrap(body, 0, (int) wantBytes);
        decoder.decode(in, out, true);
        boolean cut = in.hasRemaining() || wantBytes < body.length;
        out.flip();
        String text = out.toString();
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        return new Decoded(text, cut);
    }

    record Decoded(String text, boolean cut) {
    }

    /** One line: control characters and runs of whitespace become single spaces; then redacted and bounded. */
    static String cleanMessage(String raw) {
        return bound(Redactor.redact(collapse(raw)), MAX_MESSAGE_CHARS);
    }

    static String cleanCode(String raw) {
        return bound(Redactor.redact(collapse(raw)), MAX_CODE_CHARS);
    }

    static String collapse(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(raw.length(), 4096));
        boolean space = false;
        for (int i = 0; i < raw.length() && b.length() < 4096; i++) {
            char c = raw.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                space = b.length() > 0;
            } else {
                if (space) {
                    b.append(' ');
                    space = false;
                }
                b.append(c);
            }
        }
        return b.toString();
    }

    /** At most {@code max} characters, ending with an ellipsis when cut; never splits a marker or a surrogate pair. */
    static String bound(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        return cutAt(s, max - 1) + "…";
    }

    /** The first {@code limit} characters, moved back so that no {@link Redactor#REDACTED} or pair is split. */
    static String cutAt(String s, int limit) {
        int cut = Math.max(0, Math.min(limit, s.length()));
        int marker = s.lastIndexOf(Redactor.REDACTED, cut);
        if (marker >= 0 && marker < cut && marker + Redactor.REDACTED.length() > cut) {
            cut = marker;
        }
        if (cut > 0 && Character.isHighSurrogate(s.charAt(cut - 1))) {
            cut--;
        }
        return s.substring(0, cut);
    }

    /** Drops a token that a truncation may have cut in two, so that no piece of a secret survives unrecognised. */
    static String dropTrailingToken(String s) {
        int end = s.length();
        while (end > 0 && (Redactor.isTokenChar(s.charAt(end - 1)) || s.charAt(end - 1) == '\uFFFD')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Whether the text looks like binary rather than words: replacement or control characters in its head. */
    static boolean looksBinary(String text) {
        int n = Math.min(text.length(), 1024);
        int bad = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\uFFFD' || c == 0 || (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
                bad++;
            }
        }
        return n > 0 && bad * 20 > n;
    }

    static boolean identifierLike(String s) {
        if (s.isEmpty() || s.length() > 100 || s.contains("://")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Lower case, without a namespace prefix and without {@code _ - .}: {@code o:errorCode} is {@code errorcode}. */
    static String normalizeName(String name) {
        int colon = name.lastIndexOf(':');
        StringBuilder b = new StringBuilder(name.length());
        for (int i = colon + 1; i < name.length() && b.length() < 64; i++) {
            char c = name.charAt(i);
            if (c != '_' && c != '-' && c != '.') {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }
}
