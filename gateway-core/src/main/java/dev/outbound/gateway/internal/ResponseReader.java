package dev.outbound.gateway.internal;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.HttpSettings;
import dev.outbound.gateway.IntegrationResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.GzipSource;
import okio.Okio;
import okio.Source;

/**
 * Reads a response body into memory within every limit the gateway sets, as it streams in: a gzip body is inflated
 * here (OkHttp's own transparent gzip is kept off so that nothing is inflated uncounted), and the decoded bytes are
 * held to {@code maxResponseBytes} (an error body to {@code errorCaptureBytes}, the rest left unread), to
 * {@code maxInflationRatio} times the bytes received, and to what the gateway-wide budget still has. Bytes are
 * reserved from the budget before they are read, so no call ever holds more than its share. (The budget counts the
 * decoded body once; copying it into the response's array briefly holds it twice.) Thread-safe.
 */
final class ResponseReader {
    /** One okio segment: the most a call reads, and reserves, at a time. */
    private static final long CHUNK = 8192;

    private final HttpSettings settings;

    ResponseReader(HttpSettings settings) {
        this.settings = settings;
    }

    /**
     * The whole response, its body decoded; an error response's body cut at the capture limit.
     *
     * @throws IOException when the connection fails while the body is read
     * @throws dev.outbound.errors.IntegrationException when the body goes past a limit, or its gzip is corrupt
     */
    IntegrationResponse read(Response response, CallState call) throws IOException {
        boolean success = response.isSuccessful();
        long limit = success ? settings.maxResponseBytes() : settings.errorCaptureBytes();
        BufferedSource raw = response.body().source();
        boolean gzip = isGzip(response) && !raw.exhausted();
        CountingSource wire = new CountingSource(raw);
        BufferedSource decoded = Okio.buffer(gzip ? new GzipSource(wire) : wire);
        ByteBudget.Lease budget = call.buffers();
        Buffer body = new Buffer();
        boolean truncated;
        try {
            while (body.size() < limit) {
                long want = Math.min(CHUNK, limit - body.size());
                if (!budget.tryReserve(want)) {
                    throw call.fail(ErrorEnvelope.builder(ErrorCategory.RATE_LIMITED)
                            .reason(Reasons.GATEWAY_MEMORY_BUDGET)
                            .message("the gateway's budget of " + budget.capacity() + " response bytes for all calls "
                                    + "in flight is used up (HttpSettings.maxBufferedBytesTotal); this call had read "
                                    + body.size() + " bytes of an HTTP " + response.code() + " body"));
                }
                long n = decoded.read(body, want);
                budget.release(want - Math.max(n, 0));
                if (n == -1) {
                    break;
                }
                if (gzip && body.size() >= HttpSettings.RATIO_CHECKED_AFTER_BYTES
                        && body.size() > settings.maxInflationRatio() * wire.count) {
                    throw call.fail(ErrorEnvelope.builder(ErrorCategory.SERVER_ERROR).httpStatus(response.code())
                            .reason(Reasons.INFLATION_RATIO_EXCEEDED)
                            .message("gzip response body inflated to " + body.size() + " bytes from " + wire.count
                                    + " received, more than the " + settings.maxInflationRatio()
                                    + ":1 this gateway accepts (HttpSettings.maxInflationRatio)"));
                }
            }
            truncated = body.size() >= limit && !decoded.exhausted();
        } catch (IOException e) {
            if (gzip && !wire.failed) {
                throw call.fail(ErrorEnvelope.builder(ErrorCategory.SERVER_ERROR).httpStatus(response.code())
                        .reason(Reasons.MALFORMED_RESPONSE).message("gzip response body could not be decoded"));
            }
            throw e;
        }
        if (truncated && success) {
            throw call.fail(ErrorEnvelope.builder(ErrorCategory.SERVER_ERROR).httpStatus(response.code())
                    .reason(Reasons.RESPONSE_TOO_LARGE)
                    .message("response body is larger than the " + settings.maxResponseBytes() + " bytes"
                            + (gzip ? " (decoded)" : "") + " this gateway accepts (HttpSettings.maxResponseBytes)"));
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : response.headers().names()) {
            // Once decoded, the body no longer has the encoding or the length the provider announced.
            if (!gzip || !(name.equalsIgnoreCase("Content-Encoding") || name.equalsIgnoreCase("Content-Length"))) {
                headers.put(name, response.headers(name));
            }
        }
        return new IntegrationResponse(response.code(), headers, body.readByteArray(), truncated);
    }

    private static boolean isGzip(Response response) {
        String encoding = response.header("Content-Encoding");
        if (encoding == null) {
            return false;
        }
        String e = encoding.trim().toLowerCase(Locale.ROOT);
        return e.equals("gzip") || e.equals("x-gzip");
    }

    /** Counts the bytes that came over the wire, and remembers whether the wire (not the decoder) failed. */
    private static final class CountingSource extends ForwardingSource {
        long count;
        boolean failed;

        CountingSource(Source delegate) {
            super(delegate);
        }

        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
            long n;
            try {
                n = super.read(sink, byteCount);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
