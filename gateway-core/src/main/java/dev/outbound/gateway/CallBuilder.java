package dev.outbound.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.internal.PathTemplate;
import dev.outbound.gateway.spi.OutboundRequest;
import dev.outbound.gateway.spi.ProviderAdapter;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * One call being described, then executed through the whole pipeline. Every setter checks its argument at once.
 * Not thread-safe; build and execute on one thread (the async variant hands over the finished description).
 */
public final class CallBuilder {
    private static final Pattern OPERATION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final String JSON = "application/json; charset=utf-8";

    private final IntegrationGateway gateway;
    private final AccountKey account;
    private final ProviderAdapter adapter;
    private final OutboundRequest.Builder request;
    private String operation = "unnamed";
    private Priority priority = Priority.NORMAL;
    private Instant deadline;
    private Duration timeout;
    private String correlationId;
    private boolean retryNonIdempotent;
    private Object jsonBody;

    CallBuilder(IntegrationGateway gateway, AccountKey account, ProviderAdapter adapter, String method,
                String pathTemplate, Object[] variables) {
        this.gateway = gateway;
        this.account = account;
        this.adapter = adapter;
        String template = pathTemplate == null ? null : pathTemplate.startsWith("/") ? pathTemplate.substring(1)
                : pathTemplate;
        this.request = OutboundRequest.builder(method, template == null ? "" : template,
                PathTemplate.expand(template, variables == null ? new Object[0] : variables));
    }

    /**
     * Names what the call is for, e.g. {@code sync-accounts}: it tags metrics and log lines, so it must be a
     * bounded set of names, never an id (1-64 of letters, digits, {@code . _ : -}).
     */
    public CallBuilder operation(String operation) {
        if (operation == null || !OPERATION.matcher(operation).matches()) {
            throw new IllegalArgumentException("operation must be 1-64 characters of letters, digits and . _ : -, "
                    + "was '" + operation + "'");
        }
        this.operation = operation;
        return this;
    }

    public CallBuilder priority(Priority priority) {
        this.priority = Objects.requireNonNull(priority, "priority");
        return this;
    }

    /** The call, retries and waits included, must be over by this instant. */
    public CallBuilder deadline(Instant deadline) {
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.timeout = null;
        return this;
    }

    /** The call, retries and waits included, must be over this long after it starts. */
    public CallBuilder deadline(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("deadline timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
        this.deadline = null;
        return this;
    }

    public CallBuilder header(String name, String value) {
        request.header(name, value);
        return this;
    }

    public CallBuilder query(String name, Object value) {
        request.addQuery(Objects.requireNonNull(name, "query name"), String.valueOf(Objects.requireNonNull(value,
                "value of query parameter " + name)));
        return this;
    }

    /** A JSON body, written with the gateway's Jackson mapper. */
    public CallBuilder body(Object value) {
        this.jsonBody = Objects.requireNonNull(value, "body");
        return this;
    }

    /** A body of any media type. */
    public CallBuilder body(byte[] bytes, String contentType) {
        Objects.requireNonNull(bytes, "body");
        if (contentType == null || contentType.isBlank()) {
            throw new IllegalArgumentException("contentType must not be blank");
        }
        this.jsonBody = null;
        request.body(bytes, contentType);
        return this;
    }

    /** Sets the correlation id of the call; by default the MDC's {@code correlation_id} or a new random one. */
    public CallBuilder correlationId(String id) {
        if (id == null || id.isBlank() || id.length() > 128) {
            throw new IllegalArgumentException("correlationId must be 1-128 characters");
        }
        this.correlationId = id;
        return this;
    }

    /**
     * Makes a non-idempotent request (POST, PATCH) retryable by sending an idempotency key in the provider's
     * idempotency header.
     *
     * @throws IllegalStateException when the provider does not support idempotency keys
     */
    public CallBuilder idempotencyKey(String key) {
        if (key == null || key.isBlank() || key.length() > 255) {
            throw new IllegalArgumentException("idempotency key must be 1-255 characters");
        }
        String headerName = adapter.idempotencyKeyHeader().orElseThrow(() -> new IllegalStateException(
                "provider '" + adapter.providerId() + "' does not support idempotency keys; use "
                        + "retryNonIdempotent() if repeating this request is safe"));
        request.header(headerName, key);
        this.retryNonIdempotent = true;
        return this;
    }

    /** Allows retries of a non-idempotent request: the caller asserts that sending it twice is harmless. */
    public CallBuilder retryNonIdempotent() {
        this.retryNonIdempotent = true;
        return this;
    }

    /** Runs the call and returns the response, or throws {@link IntegrationException} with the envelope. */
    public IntegrationResponse execute() {
        OutboundRequest built = buildRequest();
        Instant start = gateway.clock().instant();
        Instant due = deadline != null ? deadline
                : start.plus(timeout != null ? timeout : gateway.policy(account.provider()).defaultCallTimeout());
        String id = correlationId != null ? correlationId : currentOrNewCorrelationId();
        this.correlationId = id;
        return gateway.pipeline().execute(built, account, operation, priority, due, id, adapter,
                gateway.policy(account.provider()), gateway.accountSettings(account),
                built.idempotentMethod() || retryNonIdempotent);
    }

    /** Runs the call and reads the JSON body as {@code type}. */
    public <T> T execute(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return read(execute(), gateway.objectMapper().constructType(type));
    }

    /** Runs the call and reads the JSON body as a generic type, e.g. {@code new TypeReference<List<Item>>() {}}. */
    public <T> T execute(TypeReference<T> type) {
        Objects.requireNonNull(type, "type");
        return read(execute(), gateway.objectMapper().constructType(type));
    }

    /** Runs the call on the gateway's async executor; the future fails with {@link IntegrationException}. */
    public CompletableFuture<IntegrationResponse> executeAsync() {
        String inherited = correlationId != null ? correlationId : currentOrNewCorrelationId();
        this.correlationId = inherited;
        return CompletableFuture.supplyAsync(this::execute, gateway.asyncExecutor());
    }

    private OutboundRequest buildRequest() {
        if (jsonBody != null) {
            try {
                request.body(gateway.objectMapper().writeValueAsBytes(jsonBody), JSON);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("body of type " + jsonBody.getClass().getName()
                        + " cannot be written as JSON: " + e.getOriginalMessage(), e);
            }
        }
        return request.build();
    }

    private <T> T read(IntegrationResponse response, JavaType type) {
        try {
            return gateway.objectMapper().readValue(response.body(), type);
        } catch (IOException e) {
            String problem = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new IntegrationException(ErrorEnvelope.builder(ErrorCategory.SERVER_ERROR)
                    .provider(account.provider()).customer(account.customerId()).operation(operation)
                    .correlationId(correlationId).httpStatus(response.status())
                    .reason(Reasons.MALFORMED_RESPONSE)
                    .message("response body is not a valid " + type.toCanonical() + ": "
                            + (problem == null ? e.getClass().getSimpleName() : firstLine(problem)))
                    .timestamp(gateway.clock().instant())
                    .build(), e);
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl >= 0 ? s.substring(0, nl) : s;
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    private static String currentOrNewCorrelationId() {
        String fromMdc = MDC.get("correlation_id");
        if (fromMdc != null && !fromMdc.isBlank() && fromMdc.length() <= 128) {
            return fromMdc;
        }
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }
}
