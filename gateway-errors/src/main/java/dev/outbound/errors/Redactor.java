package dev.outbound.errors;

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
 * <p>In running text a short word of letters after a token name is kept: a parser's {@code unexpected token: FROM}
 * names a keyword, not a credential.
 *
 * <p>The scan is hand-written rather than regex-based so that it is linear in the input length whatever the input
 * (no backtracking on a hostile 64 KiB body). It errs on the side of removing too much. Stateless and thread-safe.
 */
public final class Redactor {

    /** What a secret value is replaced with. */
    public static final String REDACTED = "[REDACTED]";

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
        return SecretNames.isSecret(name, colon + 1, name.length());
    }

    /** The text with every secret-looking value replaced by {@value #REDACTED}. Linear time; never throws. */
    public static String redact(CharSequence text) {
        if (text == null || text.length() == 0) {
            return "";
        }
        return TokenShapes.redact(KeyedValues.redact(text.toString()));
    }

    /** Used by capture to find a token cut at a truncation boundary. */
    static boolean isTokenChar(char c) {
        return TokenShapes.isToken68Char(c) || c == '=' || c == '%';
    }
}
