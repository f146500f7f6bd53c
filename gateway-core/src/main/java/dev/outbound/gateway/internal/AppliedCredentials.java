package dev.outbound.gateway.internal;

import dev.outbound.gateway.spi.OutboundRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * The credentials one request carries and the origin (scheme, host, port) they were applied for: every header and
 * query parameter that the adapter's {@code authenticate} added or changed (found by comparing the request as routed
 * with the request sent, so a custom adapter's own header or signature counts too) and the headers that are
 * credentials whoever set them. The transport keeps them on redirects within that origin and removes all of them from
 * a redirect that leaves it (a client certificate too, which the transport handles itself). Immutable.
 */
final class AppliedCredentials {
    /** Credentials whoever set them: a caller's own Authorization header is no less secret than the adapter's. */
    private static final List<String> ALWAYS = List.of("Authorization", "Proxy-Authorization", "Cookie");

    private final Origin origin;
    private final Set<String> headerNames;
    private final Map<String, List<String>> query;
    private final Set<String> queryValues;

    private AppliedCredentials(Origin origin, Set<String> headerNames, Map<String, List<String>> query) {
        this.origin = origin;
        this.headerNames = Collections.unmodifiableSet(headerNames);
        this.query = Collections.unmodifiableMap(query);
        Set<String> values = new HashSet<>();
        query.values().forEach(values::addAll);
        this.queryValues = Collections.unmodifiableSet(values);
    }

    /**
     * What {@code sent} carries beyond {@code routed}, the request before the credential stage. Without a routed
     * request to compare with, every header and query parameter of {@code sent} is taken for a credential.
     */
    static AppliedCredentials between(Optional<OutboundRequest> routed, OutboundRequest sent, Origin origin) {
        Map<String, List<String>> beforeHeaders = routed.map(OutboundRequest::headers).orElse(Map.of());
        Map<String, List<String>> beforeQuery = routed.map(OutboundRequest::query).orElse(Map.of());
        Set<String> headers = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        headers.addAll(ALWAYS);
        sent.headers().forEach((name, values) -> {
            if (!beforeHeaders.getOrDefault(name, List.of()).containsAll(values)) {
                headers.add(name);
            }
        });
        Map<String, List<String>> query = new LinkedHashMap<>();
        sent.query().forEach((name, values) -> {
            List<String> before = beforeQuery.getOrDefault(name, List.of());
            for (String value : values) {
                if (!before.contains(value)) {
                    query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                }
            }
        });
        return new AppliedCredentials(origin, headers, query);
    }

    Origin origin() {
        return origin;
    }

    boolean belongTo(HttpUrl url) {
        return origin.equals(Origin.of(url));
    }

    /**
     * The follow-up to {@code target}, within the credentials' origin: headers are already on {@code next}; query
     * credentials are added again where the Location dropped them, as a redirect replaces the whole query.
     */
    Request keptOn(Request.Builder next, HttpUrl target) {
        HttpUrl.Builder url = target.newBuilder();
        query.forEach((name, values) -> {
            if (target.queryParameterValues(name).isEmpty()) {
                values.forEach(v -> url.addQueryParameter(name, v));
            }
        });
        return next.url(url.build()).build();
    }

    /**
     * The follow-up to {@code target} without any credential: no credential header, and no query parameter that has
     * a credential's name or value, should the Location repeat one.
     */
    Request removedFrom(Request.Builder next, HttpUrl target) {
        headerNames.forEach(next::removeHeader);
        HttpUrl.Builder url = target.newBuilder();
        for (int i = 0; i < target.querySize(); i++) {
            String name = target.queryParameterName(i);
            String value = target.queryParameterValue(i);
            if (query.containsKey(name) || (value != null && queryValues.contains(value))) {
                url.removeAllQueryParameters(name);
            }
        }
        return next.url(url.build()).build();
    }

    /** Which headers and parameters, never their values. */
    @Override
    public String toString() {
        return "AppliedCredentials[" + origin + ", headers=" + headerNames + ", query=" + query.keySet() + "]";
    }
}
