package dev.outbound.errors;

import dev.outbound.errors.spi.ErrorClassifier;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The classifier used when an adapter knows nothing more specific: the category comes from the HTTP status alone,
 * and the provider's code and message are read from whatever body came with it (see {@link ErrorBodies}).
 *
 * <p>Status mapping:
 * <table>
 *   <caption>HTTP status to category</caption>
 *   <tr><th>status</th><th>category</th><th>reason</th></tr>
 *   <tr><td>2xx, 3xx</td><td>success (empty)</td><td></td></tr>
 *   <tr><td>400, 422, other 4xx</td><td>{@code validation_error}</td><td>{@code http_status}</td></tr>
 *   <tr><td>401</td><td>{@code auth_failure}</td><td>{@code token_expired}</td></tr>
 *   <tr><td>403</td><td>{@code auth_failure}</td><td>{@code permission_denied}</td></tr>
 *   <tr><td>404, 410</td><td>{@code not_found}</td><td>{@code http_status}</td></tr>
 *   <tr><td>408, 504</td><td>{@code timeout}</td><td>{@code http_status}</td></tr>
 *   <tr><td>409, 412</td><td>{@code conflict}</td><td>{@code http_status}</td></tr>
 *   <tr><td>429</td><td>{@code rate_limited}</td><td>{@code http_status}</td></tr>
 *   <tr><td>other 5xx</td><td>{@code server_error}</td><td>{@code http_status}</td></tr>
 *   <tr><td>1xx, 600 and above</td><td>{@code server_error}</td><td>{@code malformed_response}</td></tr>
 * </table>
 *
 * <p>504 is a {@code timeout}, not a {@code server_error}: a gateway in front of the provider gave up waiting, so
 * the provider may well have done the work, and one quick retry (what {@code timeout} gets) is the right amount;
 * both categories count against the circuit breaker, so a provider that keeps timing out still opens it. A 401 is
 * taken to be an expired token because that is by far the common cause and it makes the pipeline refresh once;
 * 410 is only {@code not_found} here (an adapter that knows its provider retires API versions with 410 says
 * {@code version_retired}). OAuth's {@code invalid_grant} on a 400 also stays {@code validation_error} here:
 * only the token refresher knows the request was a grant.
 *
 * <p>{@code Retry-After} is read on any status, as delta-seconds or an HTTP-date against the injected clock (see
 * {@link RetryAfter}). On a 401 without a body, the RFC 6750 {@code WWW-Authenticate} {@code error} and
 * {@code error_description} give the code and message. Without any message, the status's reason phrase is used.
 *
 * <p>Never throws for any response: a body it cannot read still gives an envelope from the status. Immutable and
 * thread-safe.
 */
public final class GenericErrorClassifier implements ErrorClassifier {
    private final Clock clock;
    private final RawErrorCapture capture;
    private final int maxReadBytes;

    private GenericErrorClassifier(Builder b) {
        this.clock = b.clock;
        this.capture = b.capture;
        this.maxReadBytes = b.maxReadBytes;
    }

    /** A classifier with the system UTC clock, a 64 KiB body read and the default raw-error capture. */
    public static GenericErrorClassifier create() {
        return builder().build();
    }

    /** Same as {@link #create()}. */
    public static GenericErrorClassifier ofDefaults() {
        return create();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The category the status alone implies, empty for a success (2xx, 3xx). Adapters use it as their baseline.
     */
    public static Optional<ErrorCategory> categoryOf(int status) {
        if (status >= 200 && status < 400) {
            return Optional.empty();
        }
        return Optional.of(mapping(status).category);
    }

    @Override
    public Optional<ErrorEnvelope> classify(ProviderResponse response) {
        Objects.requireNonNull(response, "response");
        int status = response.status();
        if (status >= 200 && status < 400) {
            return Optional.empty();
        }
        Mapping m = mapping(status);
        ErrorEnvelope.Builder b = ErrorEnvelope.builder(m.category).httpStatus(status).reason(m.reason)
                .timestamp(clock.instant());
        try {
            RetryAfter.of(response, clock).ifPresent(b::retryAfter);
        } catch (RuntimeException unreadable) {
            // An unreadable header is the same as no header.
        }
        String code = "";
        String message = "";
        try {
            ErrorBodies.Details details = ErrorBodies.read(response, maxReadBytes);
            code = details.providerCode();
            message = details.message();
            if (code.isEmpty() && message.isEmpty() && status == 401) {
                String[] bearer = bearerError(response.header("WWW-Authenticate").orElse(""));
                code = Texts.cleanCode(bearer[0]);
                message = Texts.cleanMessage(bearer[1]);
            }
        } catch (RuntimeException | StackOverflowError unreadable) {
            // ErrorBodies never throws by contract; this keeps the classifier's own promise if that ever breaks.
        }
        if (message.isEmpty()) {
            message = reasonPhrase(status);
        }
        String raw = "";
        try {
            raw = capture.capture(response);
        } catch (RuntimeException unreadable) {
            raw = "";
        }
        return Optional.of(b.providerCode(code).message(message).rawError(raw).build());
    }

    @Override
    public String toString() {
        return "GenericErrorClassifier[clock=" + clock + ", maxReadBytes=" + maxReadBytes + ", " + capture + "]";
    }

    private record Mapping(ErrorCategory category, String reason) {
    }

    private static Mapping mapping(int status) {
        switch (status) {
            case 401:
                return new Mapping(ErrorCategory.AUTH_FAILURE, Reasons.TOKEN_EXPIRED);
            case 403:
                return new Mapping(ErrorCategory.AUTH_FAILURE, Reasons.PERMISSION_DENIED);
            case 404:
            case 410:
                return new Mapping(ErrorCategory.NOT_FOUND, Reasons.HTTP_STATUS);
            case 408:
            case 504:
                return new Mapping(ErrorCategory.TIMEOUT, Reasons.HTTP_STATUS);
            case 409:
            case 412:
                return new Mapping(ErrorCategory.CONFLICT, Reasons.HTTP_STATUS);
            case 429:
                return new Mapping(ErrorCategory.RATE_LIMITED, Reasons.HTTP_STATUS);
            default:
                break;
        }
        if (status >= 400 && status < 500) {
            return new Mapping(ErrorCategory.VALIDATION_ERROR, Reasons.HTTP_STATUS);
        }
        if (status >= 500 && status < 600) {
            return new Mapping(ErrorCategory.SERVER_ERROR, Reasons.HTTP_STATUS);
        }
        // 1xx is never a final response and 6xx does not exist: the response itself is broken.
        return new Mapping(ErrorCategory.SERVER_ERROR, Reasons.MALFORMED_RESPONSE);
    }

    /** {@code error} and {@code error_description} of an RFC 6750 challenge, empty strings when absent. */
    static String[] bearerError(String challenge) {
        String[] out = {"", ""};
        int n = Math.min(challenge.length(), 4096);
        int i = 0;
        while (i < n) {
            // name
            while (i < n && (challenge.charAt(i) == ' ' || challenge.charAt(i) == ',')) {
                i++;
            }
            int nameStart = i;
            while (i < n && challenge.charAt(i) != '=' && challenge.charAt(i) != ',' && challenge.charAt(i) != ' ') {
                i++;
            }
            String name = challenge.substring(nameStart, i);
            if (i >= n || challenge.charAt(i) != '=') {
                i++;
                continue; // the scheme ("Bearer") or a token68
            }
            i++;
            String value;
            if (i < n && challenge.charAt(i) == '"') {
                StringBuilder v = new StringBuilder();
                i++;
                while (i < n && challenge.charAt(i) != '"') {
                    if (challenge.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    v.append(challenge.charAt(i++));
                }
                i++;
                value = v.toString();
            } else {
                int start = i;
                while (i < n && challenge.charAt(i) != ',' && challenge.charAt(i) != ' ') {
                    i++;
                }
                value = challenge.substring(start, i);
            }
            if (name.equalsIgnoreCase("error")) {
                out[0] = value;
            } else if (name.equalsIgnoreCase("error_description")) {
                out[1] = value;
            }
        }
        return out;
    }

    private static String reasonPhrase(int status) {
        switch (status) {
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 402: return "Payment Required";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 406: return "Not Acceptable";
            case 408: return "Request Timeout";
            case 409: return "Conflict";
            case 410: return "Gone";
            case 412: return "Precondition Failed";
            case 413: return "Content Too Large";
            case 415: return "Unsupported Media Type";
            case 422: return "Unprocessable Content";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return "HTTP " + status;
        }
    }

    /** Configures a {@link GenericErrorClassifier}. Not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private RawErrorCapture capture = RawErrorCapture.ofDefaults();
        private int maxReadBytes = ErrorBodies.DEFAULT_MAX_READ_BYTES;

        private Builder() {
        }

        /** The clock that timestamps envelopes and that HTTP-date {@code Retry-After} values count from. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How {@code rawError} is bounded and redacted. */
        public Builder rawErrorCapture(RawErrorCapture capture) {
            this.capture = Objects.requireNonNull(capture, "capture");
            return this;
        }

        /** How much of a body is parsed for the code and message (default 64 KiB). */
        public Builder maxReadBytes(int maxReadBytes) {
            if (maxReadBytes < 1) {
                throw new IllegalArgumentException("maxReadBytes must be positive, was " + maxReadBytes);
            }
            this.maxReadBytes = maxReadBytes;
            return this;
        }

        public GenericErrorClassifier build() {
            return new GenericErrorClassifier(this);
        }
    }
}
