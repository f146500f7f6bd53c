package dev.outbound.providers.coupa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.GenericErrorClassifier;
import dev.outbound.errors.ProviderResponse;
import dev.outbound.errors.Reasons;
import dev.outbound.providers.internal.Bodies;
import dev.outbound.providers.internal.ProviderClassifier;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads Coupa errors (PROVIDERS.md §5): XML {@code <errors><error>…</error></errors>} (a GET without results is a
 * 404 in XML, an empty array {@code []} with 200 in JSON — both are honoured as the provider sends them), JSON
 * {@code {"errors":{"<resource>":["…"]}}} (code: the resource; message: its first message), and cXML
 * {@code <Response><Status code="500" text="…">…</Status></Response>}, whose status code is the verdict even when
 * the HTTP status is 200 (a cXML 403, e.g. invoicing not allowed for the supplier, is {@code permission_denied}; the
 * transmission codes are on Coupa's cXML error-code page,
 * https://compass.coupa.com/en-us/products/product-documentation/supplier-resources/supplier-integration-resources/invoice-cxml-transmission-error-codes).
 * A 403 on the Core API, also on an endpoint that worked before (the OAuth client lost a scope), is
 * {@code auth_failure}/{@code permission_denied}. The status of validation failures is not documented (400
 * assumed, 422 likewise {@code validation_error}); the answer to exceeding the rate limit is not documented (429
 * assumed). Immutable and thread-safe; never throws.
 */
public final class CoupaClassifier extends ProviderClassifier {

    public CoupaClassifier(Clock clock) {
        super(CoupaAdapter.ID, clock);
    }

    @Override
    protected Optional<ErrorEnvelope> refine(ProviderResponse r, Optional<ErrorEnvelope> baseline) {
        Optional<Document> xml = Bodies.startsWith(r, '<') ? Bodies.xml(r) : Optional.empty();
        Optional<ErrorEnvelope> cxml = xml.flatMap(d -> cxmlStatus(r, d, baseline));
        if (cxml.isPresent() || baseline.isEmpty()) {
            return cxml.isPresent() ? cxml : baseline;
        }
        ErrorEnvelope e = baseline.get();
        Optional<JsonNode> tree = Bodies.json(r);
        JsonNode errors = tree.map(t -> t.get("errors")).orElse(null);
        if (errors != null && errors.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = errors.fields();
            if (fields.hasNext()) {
                Map.Entry<String, JsonNode> first = fields.next();
                JsonNode messages = first.getValue();
                String message = messages.isArray() && messages.size() > 0 ? messages.get(0).asText()
                        : messages.isValueNode() ? messages.asText() : "";
                ErrorEnvelope.Builder b = e.toBuilder().providerCode(Bodies.clean(first.getKey()));
                if (!message.isEmpty()) {
                    b.message(Bodies.clean(message));
                }
                return Optional.of(b.build());
            }
        }
        return baseline;
    }

    /** A cXML {@code Status} of 400 or more decides the outcome, whatever the HTTP status. */
    private Optional<ErrorEnvelope> cxmlStatus(ProviderResponse r, Document d, Optional<ErrorEnvelope> baseline) {
        if (!d.getDocumentElement().getLocalName().equals("cXML") && !d.getDocumentElement().getLocalName()
                .equals("Response")) {
            return Optional.empty();
        }
        NodeList statuses = d.getElementsByTagNameNS("*", "Status");
        if (statuses.getLength() == 0) {
            return Optional.empty();
        }
        Element status = (Element) statuses.item(0);
        String code = status.getAttribute("code").strip();
        if (!code.matches("\\d{3}") || Integer.parseInt(code) < 400) {
            return Optional.empty();
        }
        int cxmlCode = Integer.parseInt(code);
        ErrorCategory category = GenericErrorClassifier.categoryOf(cxmlCode).orElse(ErrorCategory.SERVER_ERROR);
        String text = status.getTextContent().strip();
        String message = text.isEmpty() ? status.getAttribute("text") : status.getAttribute("text") + ": " + text;
        if (baseline.isPresent()) {
            return Optional.of(baseline.get().toBuilder().providerCode(code).message(Bodies.clean(message)).build());
        }
        return Optional.of(errorInSuccessBody(r, category, cxmlReason(cxmlCode), code, message));
    }

    /** What a cXML status says beyond its category: 401 invalid credentials, 403 not allowed (e.g. invoicing). */
    private static String cxmlReason(int cxmlCode) {
        return switch (cxmlCode) {
            case 401 -> "invalid_credentials";
            case 403 -> Reasons.PERMISSION_DENIED;
            default -> Reasons.ERROR_IN_SUCCESS_BODY;
        };
    }
}
