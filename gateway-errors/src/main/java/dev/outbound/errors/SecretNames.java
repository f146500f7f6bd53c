package dev.outbound.errors;

import java.util.Set;

/**
 * Which key names hold secrets. Names are compared normalized: lower case, without the separators {@code _ - .},
 * so that {@code X-Api-Key}, {@code apiKey} and {@code api_key} are one name. Stateless and thread-safe.
 */
final class SecretNames {

    /** Normalized key names that are secrets when they match exactly. */
    private static final Set<String> EXACT = Set.of("sid", "pwd", "pass", "passphrase", "otp", "jwt", "sig",
            "apikey", "xapikey", "auth", "credentials", "clientassertion", "samlresponse");

    /** Names that are secrets even in running text: {@code password: hunter2}. */
    private static final Set<String> IN_RUNNING_TEXT = Set.of("password", "passwd", "pwd", "secret",
            "clientsecret", "token", "accesstoken", "refreshtoken", "idtoken", "authtoken", "apitoken", "apikey",
            "xapikey", "authorization", "cookie", "setcookie", "session", "sessionid", "signature", "privatekey");

    /** Normalized name endings that make a key secret: {@code refresh_token}, {@code X-Api-Key}, ... */
    private static final String[] SUFFIXES = {"token", "secret", "password", "passwd", "apikey",
            "privatekey", "secretkey", "accesskey", "signature", "sessionid", "session", "cookie", "authorization",
            "credential", "assertion"};

    private SecretNames() {
    }

    /** Whether the name at [start, end) holds a secret wherever it is written as a key. */
    static boolean isSecret(CharSequence s, int start, int end) {
        int len = end - start;
        if (len < 3 || len > 64) {
            return false;
        }
        String name = normalized(s, start, end);
        if (EXACT.contains(name)) {
            return true;
        }
        for (String suffix : SUFFIXES) {
            if (name.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the name at [start, end) is a secret even in prose ({@code password: x}), not only as a key. */
    static boolean isSecretInRunningText(CharSequence s, int start, int end) {
        return IN_RUNNING_TEXT.contains(normalized(s, start, end));
    }

    /** Whether the name at [start, end) names a token ({@code token}, {@code access_token}, ...). */
    static boolean isTokenName(CharSequence s, int start, int end) {
        return normalized(s, start, end).endsWith("token");
    }

    /** Letters, digits and the separators that key names are spelled with. */
    static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                || c == '.';
    }

    private static String normalized(CharSequence s, int start, int end) {
        StringBuilder norm = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c != '_' && c != '-' && c != '.') {
                norm.append(Character.toLowerCase(c));
            }
        }
        return norm.toString();
    }
}
