package dev.outbound.vault;

import dev.outbound.gateway.Credential;
import dev.outbound.gateway.spi.OutboundRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests with NetSuite token-based authentication: OAuth 1.0a with HMAC-SHA256 (NetSuite ended HMAC-SHA1 in
 * 2023.1). The signature base string is {@code METHOD&enc(base URL)&enc(sorted parameters)} (RFC 5849 §3.4.1): the
 * parameters are the {@code oauth_*} ones (not {@code realm}, not the signature) and the query parameters, each name
 * and value percent-encoded (RFC 3986 unreserved characters kept), sorted by name then value, joined with
 * {@code =} and {@code &}. The key is {@code enc(consumer secret)&enc(token secret)}. The header lists
 * {@code realm, oauth_consumer_key, oauth_token, oauth_nonce, oauth_timestamp, oauth_signature_method,
 * oauth_version, oauth_signature} in that order, each value percent-encoded, as NetSuite's RESTlet example builds it.
 *
 * <p>A fresh nonce and timestamp are made for every request (NetSuite rejects replays). Thread-safe.
 */
public final class NetSuiteTbaSigner {
    private static final String METHOD = "HMAC-SHA256";
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public NetSuiteTbaSigner(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Returns {@code request} (which must have its absolute URL) with the TBA {@code Authorization} header. */
    public OutboundRequest sign(OutboundRequest request, Credential.NetSuiteTba credential) {
        URI url = request.url().orElseThrow(() -> new IllegalStateException(
                "NetSuite TBA signs the absolute URL; the route stage must run before the credential stage"));
        List<String[]> query = new ArrayList<>();
        request.query().forEach((name, values) -> values.forEach(v -> query.add(new String[] {name, v})));
        if (url.getRawQuery() != null) {
            for (String pair : url.getRawQuery().split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    query.add(new String[] {decode(eq < 0 ? pair : pair.substring(0, eq)),
                            eq < 0 ? "" : decode(pair.substring(eq + 1))});
                }
            }
        }
        String header = authorizationHeader(request.method(), url, query, credential, nonce(),
                Long.toString(clock.instant().getEpochSecond()));
        return request.toBuilder().header("Authorization", header).build();
    }

    /**
     * The {@code Authorization} header for one request, with the given nonce and timestamp (tests pass fixed ones).
     *
     * @param query the request's query parameters, decoded, as name/value pairs
     */
    public static String authorizationHeader(String method, URI url, List<String[]> query,
                                             Credential.NetSuiteTba c, String nonce, String timestamp) {
        List<String[]> params = new ArrayList<>(query);
        params.add(new String[] {"oauth_consumer_key", c.consumerKey()});
        params.add(new String[] {"oauth_token", c.tokenId()});
        params.add(new String[] {"oauth_nonce", nonce});
        params.add(new String[] {"oauth_timestamp", timestamp});
        params.add(new String[] {"oauth_signature_method", METHOD});
        params.add(new String[] {"oauth_version", "1.0"});
        String signature = signature(baseString(method, url, params), c.consumerSecret(), c.tokenSecret());
        return "OAuth realm=\"" + encode(c.realm()) + "\", "
                + "oauth_consumer_key=\"" + encode(c.consumerKey()) + "\", "
                + "oauth_token=\"" + encode(c.tokenId()) + "\", "
                + "oauth_nonce=\"" + encode(nonce) + "\", "
                + "oauth_timestamp=\"" + encode(timestamp) + "\", "
                + "oauth_signature_method=\"" + METHOD + "\", "
                + "oauth_version=\"1.0\", "
                + "oauth_signature=\"" + encode(signature) + "\"";
    }

    static String baseString(String method, URI url, List<String[]> params) {
        List<String[]> encoded = new ArrayList<>();
        for (String[] p : params) {
            encoded.add(new String[] {encode(p[0]), encode(p[1])});
        }
        encoded.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder normalized = new StringBuilder();
        for (String[] p : encoded) {
            if (normalized.length() > 0) {
                normalized.append('&');
            }
            normalized.append(p[0]).append('=').append(p[1]);
        }
        return method.toUpperCase(Locale.ROOT) + "&" + encode(baseUrl(url)) + "&" + encode(normalized.toString());
    }

    /** Scheme and host in lower case, the port only when it is not the scheme's default, the path; no query. */
    static String baseUrl(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443)
                || (scheme.equals("http") && port == 80);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path;
    }

    private static String signature(String baseString, String consumerSecret, String tokenSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] key = (encode(consumerSecret) + "&" + encode(tokenSecret)).getBytes(StandardCharsets.UTF_8);
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable in this JVM", e);
        }
    }

    /** RFC 3986 percent-encoding of UTF-8 bytes: letters, digits and {@code - . _ ~} stay, everything else is %XX. */
    static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private String nonce() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

}
