package dev.outbound.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.errors.SafeText;
import dev.outbound.gateway.internal.PathTemplate;
import dev.outbound.gateway.spi.OutboundRequest;
import dev.outbound.gateway.spi.ProviderAdapter;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * One call being described, then executed through the whole pipeline. Every setter checks its argument at once and
 * refuses a bad one with an {@link IntegrationException} of category {@code validation_error} naming the argument, so
 * every failure of a call — described wrongly or failed at the provider — is an {@code IntegrationException}.
 * Values that reach log lines (operation, correlation id, header names, the path template) are restricted to
 * printable ASCII so they cannot forge a line. Not thread-safe; build and execute on one thread (the async variant
 * hands over the finished description).
 */
public final class CallBuilder {
    private static final Pattern OPERATION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    /** Correlation ids go into every log line of the call: a bounded, printable, single-token set. */
    private static final Pattern CORRELATION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,127}");
    private static final String JSON = "application/json; charset=utf-8";

    private final IntegrationGateway gateway;
    private final AccountKey account;
    private final ProviderAdapter adapter;
    private final OutboundRequest.Builder request;
    private String integration;
    private String operation = "unnamed";
    private Priority priority = Priority.NORMAL;
    private Instant deadline;
    private Duration timeout;
    private String correlationId;
    private boolean retryNonIdempotent;
    private Object jsonBody;

    CallBuilder(IntegrationGateway gateway, AccountKey account, ProviderAdapter adapter, String integration,
                String method, String pathTemplate, Object[] variables) {
        this.gateway = gateway;
        this.account = account;
        this.adapter = adapter;
        this.integration = integration;
        if (pathTemplate == null) {
            throw invalid("path template must not be null");
        }
        String unprintable = SafeText.firstUnprintable(pathTemplate);
        if (!unprintable.isEmpty()) {
            // The template is logged with every attempt; a value belongs in a {placeholder}, which is encoded.
            throw invalid("path template must be printable ASCII; found " + unprintable
                    + "; pass values as {placeholder} variables");
        }
        String template = pathTemplate.startsWith("/") ? pathTemplate.substring(1) : pathTemplate;
        try {
            this.request = OutboundRequest.builder(method, template,
                    PathTemplate.expand(template, variables == null ? new Object[0] : variables));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /**
     * Names what the call is for, e.g. {@code sync-accounts}: it tags metrics and log lines, so it must be a
     * bounded set of names, never an id (1-64 of letters, digits, {@code . _ : -}).
     */
    public CallBuilder operation(String operation) {
        if (operation == null || !OPERATION.matcher(operation).matches()) {
            throw invalid("operation must be 1-64 characters of letters, digits and . _ : -, was "
                    + SafeText.quote(operation));
        }
        this.operation = operation;
        return this;
    }

    /**
     * Names the integration this call is made for: the sync's name ({@code SyncRun.name()}) or the configured
     * integration's name. Health is kept per customer per integration, so a failing sync shows as its own row even when
     * another sync of the same account works; a call without one counts in the account's row of calls outside any
     * integration. Same rules as an operation name: 1-64 of letters, digits, {@code . _ : -}.
     */
    public CallBuilder integration(String integration) {
        this.integration = integrationName(integration);
        return this;
    }

    public CallBuilder priority(Priority priority) {
        this.priority = required(priority, "priority");
        return this;
    }

    /** The call, retries and waits included, must be over by this instant. */
    public CallBuilder deadline(Instant deadline) {
        this.deadline = required(deadline, "deadline");
        this.timeout = null;
        return this;
    }

    /** The call, retries and waits included, must be over this long after it starts. */
    public CallBuilder deadline(Duration timeout) {
        required(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw invalid("deadline timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
        this.deadline = null;
        return this;
    }

    /**
     * Sets a header. The name must be an RFC 9110 token, the value visible ASCII, space or tab; a refusal names the
     * header, never its value (it may be a secret).
     */
    public CallBuilder header(String name, String value) {
        try {
            request.header(name, value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid(e.getMessage());
        }
        return this;
    }

    public CallBuilder query(String name, Object value) {
        required(name, "query name");
        required(value, "value of query parameter " + SafeText.quote(name));
        try {
            request.addQuery(name, String.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        return this;
    }

    /** A JSON body, written with the gateway's Jackson mapper. */
    public CallBuilder body(Object value) {
        this.jsonBody = required(value, "body");
        return this;
    }

    /** A body of any media type. */
    public CallBuilder body(byte[] bytes, String contentType) {
        required(bytes, "body");
        if (contentType == null || contentType.isBlank()) {
            throw invalid("contentType must not be blank");
        }
        String unprintable = SafeText.firstUnprintable(contentType);
        if (!unprintable.isEmpty()) {
            throw invalid("contentType must be printable ASCII; found " + unprintable);
        }
        this.jsonBody = null;
        request.body(bytes, contentType);
        return this;
    }

    /**
     * Sets the correlation id of the call: 1-128 characters of letters, digits and {@code . _ : @ / + = -}, starting
     * with a letter or digit. By default it is the MDC's {@code correlation_id} when that is such a value, else a
     * new random one.
     */
    public CallBuilder correlationId(String id) {
        if (id == null || !CORRELATION_ID.matcher(id).matches()) {
            throw invalid("correlationId must be 1-128 characters of letters, digits and . _ : @ / + = -, starting "
                    + "with a letter or digit, was " + SafeText.quote(id));
        }
        this.correlationId = id;
        return this;
    }

    /**
     * Makes a non-idempotent request (POST, PATCH) retryable by sending an idempotency key in the provider's
     * idempotency header.
     *
     * @throws IntegrationException ({@code validation_error}) when the key is not 1-255 visible ASCII characters or
     *     the provider does not support idempotency keys
     */
    public CallBuilder idempotencyKey(String key) {
        if (key == null || key.isBlank() || key.length() > 255) {
            throw invalid("idempotency key must be 1-255 characters");
        }
        String unprintable = SafeText.firstUnprintable(key);
        if (!unprintable.isEmpty() || key.indexOf(' ') >= 0) {
            throw invalid("idempotency key must be visible ASCII; found "
                    + (unprintable.isEmpty() ? "a space" : unprintable));
        }
        String headerName = adapter.idempotencyKeyHeader().orElseThrow(() -> invalid(
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

    /**
     * Runs the call and returns the response, or throws {@link IntegrationException} with the envelope. Nothing else
     * escapes: an exception a stage or an extension did not expect is wrapped (category {@code server_error}, reason
     * {@code unexpected_exception}); JVM {@link Error}s propagate as they are.
     */
    public IntegrationResponse execute() {
        OutboundRequest built = buildRequest();
        String id = correlationId != null ? correlationId : currentOrNewCorrelationId();
        this.correlationId = id;
        try {
            ProviderPolicy policy = gateway.policy(account.provider());
            Instant start = gateway.clock().instant();
            Instant due = deadline != null ? deadline
                    : start.plus(timeout != null ? timeout : policy.defaultCallTimeout());
            return gateway.pipeline().execute(built, account, integration, operation, priority, due, id, adapter,
                    policy, gateway.accountSettings(account), built.idempotentMethod() || retryNonIdempotent);
        } catch (IntegrationException e) {
            throw e;
        } catch (RuntimeException e) {
            // Stages wrap what they meet; this catches what happens around them (account settings, policy lookup).
            throw new IntegrationException(ErrorEnvelope.builder(ErrorCategory.SERVER_ERROR)
                    .provider(account.provider()).customer(account.customerId()).operation(operation)
                    .correlationId(id).reason(Reasons.UNEXPECTED_EXCEPTION)
                    .message("unexpected " + e.getClass().getName() + " before the call was sent")
                    .timestamp(gateway.clock().instant()).build(), e);
        }
    }

    /** Runs the call and reads the JSON body as {@code type}. */
    public <T> T execute(Class<T> type) {
        required(type, "type");
        return read(execute(), gateway.objectMapper().constructType(type));
    }

    /** Runs the call and reads the JSON body as a generic type, e.g. {@code new TypeReference<List<Item>>() {}}. */
    public <T> T execute(TypeReference<T> type) {
        required(type, "type");
        return read(execute(), gateway.objectMapper().constructType(type));
    }

    /** Runs the call on the gateway's async executor; the future fails with {@link IntegrationException}. */
    public CompletableFuture<IntegrationResponse> executeAsync() {
        String inherited = correlationId != null ? correlationId : currentOrNewCorrelationId();
        this.correlationId = inherited;
        try {
            return CompletableFuture.supplyAsync(this::execute, gateway.asyncExecutor());
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IntegrationException(ErrorEnvelope.builder(
                            ErrorCategory.SERVER_ERROR).provider(account.provider()).customer(account.customerId())
                    .operation(operation).correlationId(inherited).reason(Reasons.UNEXPECTED_EXCEPTION)
                    .message("the gateway's async executor refused the call (is the gateway closed?)")
                    .timestamp(gateway.clock().instant()).build(), e));
        }
    }

    private OutboundRequest buildRequest() {
        if (jsonBody != null) {
            try {
                request.body(gateway.objectMapper().writeValueAsBytes(jsonBody), JSON);
            } catch (JsonProcessingException e) {
                throw invalid("body of type " + jsonBody.getClass().getName() + " cannot be written as JSON: "
                        + firstLine(String.valueOf(e.getOriginalMessage())));
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
        if (fromMdc != null && CORRELATION_ID.matcher(fromMdc).matches()) {
            return fromMdc;
        }
        // An MDC value that is not a valid id is someone else's, not ours to refuse the call for; it just must not
        // reach our log lines, so the call gets a fresh one.
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    private String integrationName(String name) {
        if (!validIntegration(name)) {
            throw invalid("integration must be 1-64 characters of letters, digits and . _ : -, was "
                    + SafeText.quote(name));
        }
        return name;
    }

    /** Whether {@code name} is a valid integration name (the same set as operation names). */
    static boolean validIntegration(String name) {
        return name != null && OPERATION.matcher(name).matches();
    }

    private <T> T required(T value, String name) {
        if (value == null) {
            throw invalid(name + " must not be null");
        }
        return value;
    }

    private IntegrationException invalid(String message) {
        return CallErrors.invalid(account.provider(), account.customerId(), operation, gateway.clock(), message);
    }
}
