package dev.outbound.testkit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import com.github.tomakehurst.wiremock.matching.UrlPattern;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * A third-party API played by a local HTTP server (WireMock on 127.0.0.1, on a free port) that a test scripts:
 * which responses, in which order, for which requests, including the failures real providers produce. It records
 * every request it receives so the test can assert what the client sent.
 *
 * <pre>{@code
 * try (SimulatedProvider sim = SimulatedProvider.start()) {
 *     sim.on("GET", "/api/items/1")
 *        .respond(Responses.status(500), Responses.status(500), Responses.json(200, "{\"id\":1}"));
 *     // ... point the client at sim.baseUrl() ...
 *     assertThat(sim.requestCount("GET", "/api/items/1")).isEqualTo(3);
 * }
 * }</pre>
 *
 * <p>A request that no route matches gets WireMock's 404 and is listed in {@link #unmatchedRequests()}.
 *
 * <p>Thread-safe: routes may be added and the journal read while requests are in flight. A sequence of responses
 * advances once per matching request; under concurrent requests which request gets which step is not defined.
 */
public final class SimulatedProvider implements AutoCloseable {

    /** The priority of a route without conditions; each condition makes a route one step more urgent. */
    private static final int BASE_PRIORITY = 10;

    private final WireMockServer server;
    private final AtomicLong sequenceIds = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    private SimulatedProvider(WireMockServer server) {
        this.server = server;
    }

    /** Starts a simulator on 127.0.0.1 on a free port. Close it (try-with-resources) to free the port. */
    public static SimulatedProvider start() {
        WireMockConfiguration options = WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .notifier(new QuietNotifier())
                .stubRequestLoggingDisabled(true)
                .templatingEnabled(false)
                .jettyStopTimeout(0L);
        WireMockServer server = new WireMockServer(options);
        server.start();
        return new SimulatedProvider(server);
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String baseUrl() {
        return "http://" + host() + ":" + port();
    }

    /** {@link #baseUrl()} followed by {@code path}, which must start with {@code /}. */
    public URI url(String path) {
        return URI.create(baseUrl() + requirePath(path));
    }

    /** The address the simulator listens on: {@code 127.0.0.1}. */
    public String host() {
        return "127.0.0.1";
    }

    /** The port the simulator listens on. */
    public int port() {
        return server.port();
    }

    /**
     * Starts a route for {@code method} (or {@code ANY}) and {@code path}. A path without a query string matches
     * any query; a path with one ({@code /items?limit=10}) must match exactly.
     */
    public Route on(String method, String path) {
        String checked = requirePath(path);
        UrlPattern url = checked.contains("?") ? urlEqualTo(checked) : urlPathEqualTo(checked);
        return new Route(this, toMethod(method), url, List.of());
    }

    /** Starts a route for {@code method} (or {@code ANY}) and every path, without query, matching {@code regex}. */
    public Route onPathMatching(String method, String regex) {
        Objects.requireNonNull(regex, "regex");
        Pattern.compile(regex);
        return new Route(this, toMethod(method), urlPathMatching(regex), List.of());
    }

    /** Every request received since the start or the last reset, oldest first; an immutable snapshot. */
    public List<RecordedRequest> requests() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(events);
        return events.stream().map(e -> toRecorded(e.getRequest())).toList();
    }

    /**
     * The requests whose method is {@code method} ({@code ANY} for all, any case) and whose path without query
     * matches the regular expression {@code pathPattern} as a whole, oldest first.
     */
    public List<RecordedRequest> requests(String method, String pathPattern) {
        String wanted = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        Pattern pattern = Pattern.compile(Objects.requireNonNull(pathPattern, "pathPattern"));
        return requests().stream()
                .filter(r -> wanted.equals("ANY") || r.method().equals(wanted))
                .filter(r -> pattern.matcher(r.pathWithoutQuery()).matches())
                .toList();
    }

    /** How many requests {@link #requests(String, String)} would list. */
    public int requestCount(String method, String pathPattern) {
        return requests(method, pathPattern).size();
    }

    /** The requests that matched no route (and got a 404), oldest first. */
    public List<RecordedRequest> unmatchedRequests() {
        return server.findAllUnmatchedRequests().stream().map(SimulatedProvider::toRecorded).toList();
    }

    /** Forgets every route, every sequence's position and every recorded request. */
    public void reset() {
        server.resetAll();
    }

    /** Forgets the recorded requests only; routes and sequence positions stay. */
    public void resetRequests() {
        server.resetRequests();
    }

    /** Stops the server; requests still waiting on a delay are cut off. Calling it again does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop();
        }
    }

    @Override
    public String toString() {
        return "SimulatedProvider[" + baseUrl() + "]";
    }

    private void register(Route route, List<SimulatedResponse> responses) {
        int priority = Math.max(1, BASE_PRIORITY - route.conditions.size());
        if (responses.size() == 1) {
            server.stubFor(route.mapping().atPriority(priority).willReturn(responses.get(0).toWireMock()));
            return;
        }
        String scenario = "sequence-" + sequenceIds.incrementAndGet();
        for (int i = 0; i < responses.size(); i++) {
            ScenarioMappingBuilder mapping = route.mapping()
                    .atPriority(priority)
                    .inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "step-" + i);
            if (i < responses.size() - 1) {
                mapping = mapping.willSetStateTo("step-" + (i + 1));
            }
            server.stubFor(mapping.willReturn(responses.get(i).toWireMock()));
        }
    }

    private static RecordedRequest toRecorded(LoggedRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpHeader header : request.getHeaders().all()) {
            headers.merge(header.key(), header.values(),
                    (a, b) -> Stream.concat(a.stream(), b.stream()).toList());
        }
        byte[] body = request.getBody();
        return new RecordedRequest(request.getMethod().getName(), request.getUrl(), headers,
                body == null ? new byte[0] : body);
    }

    private static RequestMethod toMethod(String method) {
        Objects.requireNonNull(method, "method");
        if (method.isBlank()) {
            throw new IllegalArgumentException("method must not be blank");
        }
        return RequestMethod.fromString(method.toUpperCase(Locale.ROOT));
    }

    private static String requirePath(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        return path;
    }

    /**
     * The requests a route answers: a method, a URL and optional conditions on headers and body. Each
     * {@code when...} returns a new route with one more condition; {@link #respond} installs it. A route with more
     * conditions wins over one with fewer; between routes with as many conditions, the one declared last wins, so
     * declaring a route again replaces its behaviour.
     *
     * <p>Immutable and thread-safe.
     */
    public static final class Route {

        private final SimulatedProvider provider;
        private final RequestMethod method;
        private final UrlPattern url;
        private final List<Function<MappingBuilder, MappingBuilder>> conditions;

        private Route(SimulatedProvider provider, RequestMethod method, UrlPattern url,
                      List<Function<MappingBuilder, MappingBuilder>> conditions) {
            this.provider = provider;
            this.method = method;
            this.url = url;
            this.conditions = conditions;
        }

        /** Only requests whose header {@code name} (any case) equals {@code value}. */
        public Route whenHeader(String name, String value) {
            return withHeader(name, equalTo(Objects.requireNonNull(value, "value")));
        }

        /** Only requests whose header {@code name} (any case) matches the regular expression {@code regex}. */
        public Route whenHeaderMatching(String name, String regex) {
            Pattern.compile(Objects.requireNonNull(regex, "regex"));
            return withHeader(name, matching(regex));
        }

        /** Only requests that do not send header {@code name}. */
        public Route whenHeaderAbsent(String name) {
            return withHeader(name, absent());
        }

        /** Only requests whose body contains {@code text}. */
        public Route whenBodyContains(String text) {
            StringValuePattern pattern = containing(Objects.requireNonNull(text, "text"));
            return with(m -> m.withRequestBody(pattern));
        }

        /**
         * Installs the route: the first matching request gets {@code first}, the next gets the first of
         * {@code then}, and so on; the last response then repeats for every later request.
         */
        public void respond(SimulatedResponse first, SimulatedResponse... then) {
            List<SimulatedResponse> all = new ArrayList<>(1 + then.length);
            all.add(Objects.requireNonNull(first, "first"));
            for (SimulatedResponse response : then) {
                all.add(Objects.requireNonNull(response, "then"));
            }
            provider.register(this, all);
        }

        private Route withHeader(String name, StringValuePattern pattern) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            return with(m -> m.withHeader(name, pattern));
        }

        private Route with(Function<MappingBuilder, MappingBuilder> condition) {
            List<Function<MappingBuilder, MappingBuilder>> more = new ArrayList<>(conditions);
            more.add(condition);
            return new Route(provider, method, url, List.copyOf(more));
        }

        private MappingBuilder mapping() {
            MappingBuilder builder = request(method.getName(), url);
            for (Function<MappingBuilder, MappingBuilder> condition : conditions) {
                builder = condition.apply(builder);
            }
            return builder;
        }
    }
}
