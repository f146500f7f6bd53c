package dev.outbound.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedProviderTest {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private SimulatedProvider sim;

    @BeforeEach
    void startSimulator() {
        sim = SimulatedProvider.start();
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    @Test
    void listensOnLoopbackOnADynamicPort() {
        assertThat(sim.host()).isEqualTo("127.0.0.1");
        assertThat(sim.port()).isPositive();
        assertThat(sim.baseUrl()).isEqualTo("http://127.0.0.1:" + sim.port());
        assertThat(sim.url("/a/b")).isEqualTo(URI.create("http://127.0.0.1:" + sim.port() + "/a/b"));
    }

    @Test
    void answersInSequenceThenRepeatsTheLastResponse() throws Exception {
        sim.on("GET", "/api/items/1").respond(
                Responses.status(500), Responses.status(500), Responses.json(200, "{\"id\":1}"));

        List<Integer> statuses = new ArrayList<>();
        String lastBody = null;
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = get("/api/items/1");
            statuses.add(response.statusCode());
            lastBody = response.body();
        }

        assertThat(statuses).containsExactly(500, 500, 200, 200, 200);
        assertThat(lastBody).isEqualTo("{\"id\":1}");
        assertThat(sim.requestCount("GET", "/api/items/1")).isEqualTo(5);
    }

    @Test
    void sequencesOfDifferentRoutesAdvanceIndependently() throws Exception {
        sim.on("GET", "/a").respond(Responses.status(503), Responses.status(200));
        sim.on("GET", "/b").respond(Responses.status(502), Responses.status(201));

        assertThat(get("/a").statusCode()).isEqualTo(503);
        assertThat(get("/b").statusCode()).isEqualTo(502);
        assertThat(get("/a").statusCode()).isEqualTo(200);
        assertThat(get("/b").statusCode()).isEqualTo(201);
    }

    @Test
    void servesJsonXmlAndTextWithTheirContentTypesAndExtraHeaders() throws Exception {
        sim.on("GET", "/json").respond(Responses.json(201, "{\"ok\":true}").withHeader("X-Request-Id", "r-1"));
        sim.on("GET", "/xml").respond(Responses.xml(500, "<fault>boom</fault>"));
        sim.on("GET", "/text").respond(Responses.text(503, "try later"));

        HttpResponse<String> json = get("/json");
        HttpResponse<String> xml = get("/xml");
        HttpResponse<String> text = get("/text");

        assertThat(json.statusCode()).isEqualTo(201);
        assertThat(json.body()).isEqualTo("{\"ok\":true}");
        assertThat(json.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(json.headers().firstValue("x-request-id")).hasValue("r-1");
        assertThat(xml.statusCode()).isEqualTo(500);
        assertThat(xml.body()).isEqualTo("<fault>boom</fault>");
        assertThat(xml.headers().firstValue("Content-Type")).hasValue("application/xml; charset=utf-8");
        assertThat(text.statusCode()).isEqualTo(503);
        assertThat(text.body()).isEqualTo("try later");
        assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void tooManyRequestsCarriesRetryAfterInSeconds() throws Exception {
        sim.on("GET", "/limited").respond(Responses.tooManyRequests(Duration.ofMillis(1500)));

        HttpResponse<String> response = get("/limited");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
    }

    @Test
    void tooManyRequestsCarriesRetryAfterAsAnHttpDate() throws Exception {
        FakeClock clock = new FakeClock();
        sim.on("GET", "/limited").respond(Responses.tooManyRequests(clock.instant().plusSeconds(30)));

        HttpResponse<String> response = get("/limited");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("Thu, 01 Jan 2026 00:00:30 GMT");
    }

    @Test
    void httpDatesUseATwoDigitDayInGmt() {
        assertThat(Responses.httpDate(Instant.parse("2026-03-05T14:07:09.999Z")))
                .isEqualTo("Thu, 05 Mar 2026 14:07:09 GMT");
    }

    @Test
    void canReportAnErrorInTheBodyOfA200() throws Exception {
        String error = "{\"success\":false,\"error\":{\"code\":\"INVALID_SESSION_ID\"}}";
        sim.on("POST", "/login").respond(Responses.okWithErrorBody(error));

        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(sim.url("/login")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(error);
    }

    @Test
    void slowResponseMakesAClientWithAShorterTimeoutTimeOut() {
        sim.on("GET", "/slow").respond(Responses.json(200, "{}").withDelay(Duration.ofMillis(300)));
        HttpRequest request = HttpRequest.newBuilder(sim.url("/slow")).timeout(Duration.ofMillis(100)).build();

        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void slowResponseStillArrivesForAPatientClient() throws Exception {
        sim.on("GET", "/slow").respond(Responses.slow(Duration.ofMillis(50)));
        HttpRequest request = HttpRequest.newBuilder(sim.url("/slow")).timeout(Duration.ofSeconds(10)).build();

        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void connectionResetIsAnIoErrorForTheClient() {
        sim.on("GET", "/reset").respond(Responses.connectionReset());

        assertThatThrownBy(() -> get("/reset")).isInstanceOf(IOException.class);
        assertThat(sim.requestCount("GET", "/reset")).isPositive();
    }

    @Test
    void emptyResponseIsAnIoErrorForTheClient() {
        sim.on("GET", "/empty").respond(Responses.emptyResponse());

        assertThatThrownBy(() -> get("/empty")).isInstanceOf(IOException.class);
    }

    @Test
    void malformedChunkIsAnIoErrorForTheClient() {
        sim.on("GET", "/chunk").respond(Responses.malformedChunk());

        assertThatThrownBy(() -> get("/chunk")).isInstanceOf(IOException.class);
    }

    @Test
    void faultsCanBeStepsOfASequence() throws Exception {
        // POST, because the JDK client silently retries a GET whose connection was reset.
        sim.on("POST", "/flaky").respond(Responses.connectionReset(), Responses.json(200, "{}"));

        assertThatThrownBy(() -> post("/flaky", null, "{}")).isInstanceOf(IOException.class);
        assertThat(sim.requestCount("POST", "/flaky")).isEqualTo(1);
        assertThat(post("/flaky", null, "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void redirectsAnywhere() throws Exception {
        sim.on("GET", "/moved").respond(Responses.redirect("https://evil.example/steal"));

        HttpResponse<String> response = get("/moved");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("https://evil.example/steal");
    }

    @Test
    void servesALargeBodyOfExactlyTheRequestedSize() throws Exception {
        int tenMiB = 10 * 1024 * 1024;
        sim.on("GET", "/export").respond(Responses.largeBody(tenMiB));

        for (int i = 0; i < 2; i++) {
            HttpResponse<InputStream> response = http.send(
                    HttpRequest.newBuilder(sim.url("/export")).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                assertThat(body.transferTo(OutputStream.nullOutputStream())).isEqualTo(tenMiB);
            }
        }
    }

    @Test
    void largeJsonIsValidJsonOfExactlyTheRequestedSize() throws Exception {
        sim.on("GET", "/big.json").respond(Responses.largeJson(100_000));

        HttpResponse<String> response = get("/big.json");

        assertThat(response.body()).hasSize(100_000).startsWith("{\"data\":\"xxx").endsWith("xx\"}");
        assertThat(response.body()).matches("\\{\"data\":\"x+\"}");
        assertThatThrownBy(() -> Responses.largeJson(10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void journalRecordsMethodPathHeadersAndBodyInOrder() throws Exception {
        sim.on("POST", "/api/items").respond(Responses.json(201, "{}"));
        sim.on("GET", "/api/items").respond(Responses.json(200, "[]"));
        byte[] payload = "{\"name\":\"widget\"}".getBytes(StandardCharsets.UTF_8);

        http.send(HttpRequest.newBuilder(sim.url("/api/items"))
                        .header("X-Correlation-Id", "corr-42")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        get("/api/items?limit=10&cursor=abc");

        List<RecordedRequest> requests = sim.requests();
        assertThat(requests).hasSize(2);
        RecordedRequest post = requests.get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.path()).isEqualTo("/api/items");
        assertThat(post.header("x-correlation-id")).hasValue("corr-42");
        assertThat(post.headers().get("X-CORRELATION-ID")).containsExactly("corr-42");
        assertThat(post.body()).isEqualTo(payload);
        assertThat(post.bodyAsString()).isEqualTo("{\"name\":\"widget\"}");
        RecordedRequest get = requests.get(1);
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.path()).isEqualTo("/api/items?limit=10&cursor=abc");
        assertThat(get.pathWithoutQuery()).isEqualTo("/api/items");
        assertThat(get.body()).isEmpty();
        assertThat(get.header("X-Correlation-Id")).isEmpty();
    }

    @Test
    void journalEntriesCannotBeChanged() throws Exception {
        sim.on("POST", "/x").respond(Responses.status(204));
        http.send(HttpRequest.newBuilder(sim.url("/x")).POST(HttpRequest.BodyPublishers.ofString("abc")).build(),
                HttpResponse.BodyHandlers.discarding());

        RecordedRequest request = sim.requests().get(0);
        request.body()[0] = 'z';

        assertThat(request.bodyAsString()).isEqualTo("abc");
        assertThatThrownBy(() -> request.headers().put("Evil", List.of("1")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> sim.requests().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void requestCountFiltersByMethodAndPathPattern() throws Exception {
        sim.onPathMatching("ANY", "/api/items/[0-9]+").respond(Responses.status(200));

        get("/api/items/1");
        get("/api/items/2?fields=name");
        http.send(HttpRequest.newBuilder(sim.url("/api/items/3")).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(sim.requestCount("GET", "/api/items/[0-9]+")).isEqualTo(2);
        assertThat(sim.requestCount("get", "/api/items/2")).isEqualTo(1);
        assertThat(sim.requestCount("DELETE", "/api/items/.*")).isEqualTo(1);
        assertThat(sim.requestCount("ANY", "/api/items/.*")).isEqualTo(3);
        assertThat(sim.requestCount("GET", "/api/items")).isZero();
        assertThat(sim.requests("GET", "/api/items/2").get(0).path()).isEqualTo("/api/items/2?fields=name");
    }

    @Test
    void aPathWithAQueryMatchesOnlyThatQuery() throws Exception {
        sim.on("GET", "/search").respond(Responses.json(200, "\"any\""));
        sim.on("GET", "/search?q=exact").respond(Responses.json(200, "\"exact\""));

        assertThat(get("/search?q=other").body()).isEqualTo("\"any\"");
        assertThat(get("/search?q=exact").body()).isEqualTo("\"exact\"");
    }

    @Test
    void unmatchedRequestsGet404AndAreListed() throws Exception {
        sim.on("GET", "/known").respond(Responses.status(200));

        assertThat(get("/unknown").statusCode()).isEqualTo(404);
        assertThat(sim.unmatchedRequests()).extracting(RecordedRequest::path).containsExactly("/unknown");
    }

    @Test
    void resetForgetsRoutesSequencesAndRequests() throws Exception {
        sim.on("GET", "/x").respond(Responses.status(500), Responses.status(200));
        get("/x");

        sim.reset();

        assertThat(sim.requests()).isEmpty();
        assertThat(get("/x").statusCode()).isEqualTo(404);
        sim.on("GET", "/x").respond(Responses.status(500), Responses.status(200));
        assertThat(get("/x").statusCode()).isEqualTo(500);
    }

    @Test
    void resetRequestsKeepsRoutesAndTheirPosition() throws Exception {
        sim.on("GET", "/x").respond(Responses.status(500), Responses.status(200));
        get("/x");

        sim.resetRequests();

        assertThat(sim.requests()).isEmpty();
        assertThat(get("/x").statusCode()).isEqualTo(200);
    }

    @Test
    void headerConditionWinsOverTheRouteWithoutConditionWhateverTheOrder() throws Exception {
        sim.on("GET", "/me").whenHeader("Authorization", "Bearer revoked-token")
                .respond(Responses.json(401, "{\"error\":\"invalid_token\"}"));
        sim.on("GET", "/me").respond(Responses.json(200, "{\"user\":\"ada\"}"));

        HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(sim.url("/me"))
                .header("authorization", "Bearer revoked-token").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> valid = http.send(HttpRequest.newBuilder(sim.url("/me"))
                .header("Authorization", "Bearer good-token").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> anonymous = get("/me");

        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.body()).contains("invalid_token");
        assertThat(valid.statusCode()).isEqualTo(200);
        assertThat(anonymous.statusCode()).isEqualTo(200);
    }

    @Test
    void headerPatternsAbsenceAndBodyCanSelectResponses() throws Exception {
        sim.on("POST", "/soap").whenHeaderAbsent("SOAPAction").respond(Responses.status(400));
        sim.on("POST", "/soap").whenHeaderMatching("SOAPAction", ".*get.*").respond(Responses.xml(200, "<get/>"));
        sim.on("POST", "/soap").whenHeaderMatching("SOAPAction", ".*")
                .whenBodyContains("<update>").respond(Responses.xml(500, "<fault/>"));

        assertThat(post("/soap", null, "<x/>").statusCode()).isEqualTo(400);
        assertThat(post("/soap", "urn:getRecord", "<x/>").body()).isEqualTo("<get/>");
        assertThat(post("/soap", "urn:write", "<update></update>").statusCode()).isEqualTo(500);
        assertThat(post("/soap", "urn:write", "<other/>").statusCode()).isEqualTo(404);
    }

    @Test
    void closeStopsTheServerAndCanBeCalledTwice() {
        URI url = sim.url("/x");

        sim.close();
        sim.close();

        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void rejectsPathsWithoutALeadingSlashAndBadStatuses() {
        assertThatThrownBy(() -> sim.on("GET", "api")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("path");
        assertThatThrownBy(() -> Responses.status(99)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Responses.redirect(200, "/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Responses.connectionReset().withHeader("A", "b"))
                .isInstanceOf(IllegalStateException.class);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(sim.url(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String soapAction, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(sim.url(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (soapAction != null) {
            request.header("SOAPAction", soapAction);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
