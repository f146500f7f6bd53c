package dev.outbound.gateway.internal;

import okhttp3.HttpUrl;

/**
 * The scheme, host and port of a URL (RFC 6454): what credentials belong to. Its text never carries a path or a
 * query, so it is safe in messages. Immutable.
 */
record Origin(String scheme, String host, int port) {

    /** The origin of {@code url}, its port made explicit (443 for https, 80 for http when none is written). */
    static Origin of(HttpUrl url) {
        return new Origin(url.scheme(), url.host(), url.port());
    }

    boolean isHttps() {
        return scheme.equals("https");
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return scheme + "://" + h + ":" + port;
    }
}
