package dev.outbound.examples.erp;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.GenericErrorClassifier;
import dev.outbound.errors.ProviderResponse;
import dev.outbound.errors.SafeXml;
import dev.outbound.errors.spi.ErrorClassifier;
import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.HostAllowlist;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.gateway.UrlPaths;
import dev.outbound.gateway.spi.OutboundRequest;
import dev.outbound.gateway.spi.ProviderAdapter;
import dev.outbound.gateway.spi.ProviderAdapterFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * A complete custom adapter: a company's in-house ERP with API-key auth and XML errors, configured from
 * {@code erp/inhouse-erp.properties}. It shows every part of the {@link ProviderAdapter} SPI a typical REST API
 * needs — id, allowlist, base URL per account, version in the path, credential, classifier, policy — and the
 * {@link ProviderAdapterFactory} that lets a gateway find it by id.
 *
 * <p>The ERP answers errors as {@code <erpError><code>LOCKED</code><message>…</message></erpError>}, sometimes
 * with HTTP 200 (a "soft" failure of a write). Codes {@code LOCKED} and {@code STALE} are conflicts,
 * {@code QUOTA} is a rate limit, {@code AUTH} an expired key; everything else takes the category of its status,
 * read by the generic classifier. Immutable and thread-safe.
 *
 * <pre>{@code
 * IntegrationGateway gateway = IntegrationGateway.builder()
 *     .adapterFactory(InHouseErpAdapter.factory(InHouseErpAdapter.fromClasspath()))
 *     .credentialStore(store)      // holds Credential.ApiKey.header("X-ERP-Key", key) per customer
 *     .build();
 * gateway.client("inhouse-erp", "acme").get("orders/{id}", 42).operation("sync-orders").execute();
 * }</pre>
 */
public final class InHouseErpAdapter implements ProviderAdapter {
    private final String providerId;
    private final URI baseUrl;
    private final HostAllowlist allowedHosts;
    private final String apiVersion;
    private final String apiKeyHeader;
    private final ProviderPolicy policy;
    private final ErrorClassifier classifier;

    private InHouseErpAdapter(Properties p, Clock clock) {
        this.providerId = require(p, "provider.id");
        this.baseUrl = AccountSettings.ofBaseUrl(require(p, "base.url")).baseUrl().orElseThrow();
        this.allowedHosts = HostAllowlist.of(Arrays.stream(require(p, "allowed.hosts").split(",")).map(String::trim)
                .toList());
        if (!allowedHosts.allows(baseUrl.getHost())) {
            throw new IllegalArgumentException("base.url host " + baseUrl.getHost() + " is not in allowed.hosts "
                    + allowedHosts);
        }
        this.apiVersion = p.getProperty("api.version", "");
        this.apiKeyHeader = require(p, "api.key.header");
        this.policy = ProviderPolicy.builder()
                .maxAttempts(Integer.parseInt(p.getProperty("policy.max.attempts", "3")))
                .readTimeout(Duration.ofMillis(Long.parseLong(p.getProperty("policy.read.timeout.ms", "20000"))))
                .build();
        this.classifier = new XmlErrors(GenericErrorClassifier.builder().clock(clock).build(), clock);
    }

    /** The adapter configured by {@code properties}, stamping envelopes with {@code clock}. */
    public static InHouseErpAdapter fromProperties(Properties properties, Clock clock) {
        return new InHouseErpAdapter(Objects.requireNonNull(properties, "properties"), Objects.requireNonNull(clock,
                "clock"));
    }

    /** The adapter configured by {@code erp/inhouse-erp.properties} on the class path. */
    public static InHouseErpAdapter fromClasspath() {
        try (InputStream in = InHouseErpAdapter.class.getResourceAsStream("/erp/inhouse-erp.properties")) {
            if (in == null) {
                throw new IllegalStateException("erp/inhouse-erp.properties is not on the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return fromProperties(p, Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read erp/inhouse-erp.properties", e);
        }
    }

    /** A factory that knows this one provider id and says "not mine" for any other. */
    public static ProviderAdapterFactory factory(InHouseErpAdapter adapter) {
        return new ProviderAdapterFactory() {
            @Override
            public Optional<ProviderAdapter> create(String id) {
                return id.equals(adapter.providerId()) ? Optional.of(adapter) : Optional.empty();
            }

            @Override
            public String describe() {
                return "in-house ERP adapter [" + adapter.providerId() + "]";
            }
        };
    }

    @Override
    public String providerId() {
        return providerId;
    }

    @Override
    public HostAllowlist allowedHosts() {
        return allowedHosts;
    }

    @Override
    public String defaultApiVersion() {
        return apiVersion;
    }

    /** The customer's own ERP instance when its settings name one, else the shared one; then version and path. */
    @Override
    public URI resolveUrl(AccountSettings account, String version, String encodedPath) {
        return UrlPaths.join(account.baseUrl().orElse(baseUrl), version, encodedPath);
    }

    /** Only API keys are accepted: another kind of credential for this provider is a configuration mistake. */
    @Override
    public OutboundRequest authenticate(OutboundRequest request, Credential credential) {
        if (!(credential instanceof Credential.ApiKey key)) {
            throw new IllegalStateException(providerId + " takes an API key, not a " + credential.kind()
                    + " credential");
        }
        return request.toBuilder().header(apiKeyHeader, key.key()).build();
    }

    @Override
    public ErrorClassifier classifier() {
        return classifier;
    }

    @Override
    public ProviderPolicy policy() {
        return policy;
    }

    @Override
    public String toString() {
        return "InHouseErpAdapter[" + providerId + " " + baseUrl.getHost() + ", version " + apiVersion + "]";
    }

    /** The ERP's XML errors over the generic classifier; never throws. */
    private static final class XmlErrors implements ErrorClassifier {
        private final GenericErrorClassifier generic;
        private final Clock clock;

        XmlErrors(GenericErrorClassifier generic, Clock clock) {
            this.generic = generic;
            this.clock = clock;
        }

        @Override
        public Optional<ErrorEnvelope> classify(ProviderResponse response) {
            Optional<ErrorEnvelope> base = generic.classify(response);
            Optional<Document> xml = response.body().length > 64 * 1024 ? Optional.empty()
                    : SafeXml.parse(response.body());
            if (xml.isEmpty() || !"erpError".equals(xml.get().getDocumentElement().getLocalName())) {
                return base;
            }
            String code = text(xml.get(), "code");
            String message = text(xml.get(), "message");
            ErrorCategory category = switch (code) {
                case "LOCKED", "STALE" -> ErrorCategory.CONFLICT;
                case "QUOTA" -> ErrorCategory.RATE_LIMITED;
                case "AUTH" -> ErrorCategory.AUTH_FAILURE;
                default -> base.map(ErrorEnvelope::category).orElse(ErrorCategory.VALIDATION_ERROR);
            };
            ErrorEnvelope.Builder b = ErrorEnvelope.builder(category).httpStatus(response.status())
                    .reason(response.isSuccessful() ? "error_in_success_body" : "erp_" + code.toLowerCase())
                    .providerCode(code).message(message).timestamp(clock.instant())
                    .rawError(base.map(ErrorEnvelope::rawError).orElse(""));
            base.flatMap(ErrorEnvelope::retryAfter).ifPresent(b::retryAfter);
            return Optional.of(b.build());
        }

        private static String text(Document d, String name) {
            NodeList n = d.getElementsByTagNameNS("*", name);
            String t = n.getLength() == 0 ? "" : n.item(0).getTextContent().strip();
            return t.length() > 500 ? t.substring(0, 500) : t;
        }
    }

    private static String require(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("in-house ERP configuration: '" + key + "' is required");
        }
        return v.trim();
    }
}
