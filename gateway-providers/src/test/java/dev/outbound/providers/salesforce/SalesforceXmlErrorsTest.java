package dev.outbound.providers.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.providers.Providers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Salesforce errors in XML read like the same errors in JSON: the REST API's {@code <Errors><Error>} variant (sent
 * for an XML {@code Accept}) and SOAP faults, which Salesforce answers with HTTP 500 whatever the cause, so the
 * {@code ExceptionCode} has to decide. Shapes: REST errors
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm), SOAP faults with
 * {@code faultcode sf:<CODE>} and {@code faultstring "<CODE>: <message>"} (jsforce test/http-api.test.ts @e744dad).
 * The {@code detail} element ({@code sf:UnexpectedErrorFault} with {@code exceptionCode}/{@code exceptionMessage})
 * is written from the SOAP API's fault types and is UNVERIFIED: no verbatim fault body was retrieved.
 */
class SalesforceXmlErrorsTest {

    private static ErrorEnvelope classify(int status, String contentType, String body) {
        return Providers.classify("salesforce", status, Map.of("Content-Type", List.of(contentType)),
                body.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }

    private static String json(String code, String message) {
        return "[{\"message\":\"" + message + "\",\"errorCode\":\"" + code + "\"}]";
    }

    private static String restXml(String code, String message) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Errors>\n    <Error>\n        <errorCode>" + code
                + "</errorCode>\n        <message>" + message + "</message>\n    </Error>\n</Errors>";
    }

    static String soapFault(String faultCode, String faultString, String detail) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope"
                + " xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:sf=\"urn:fault.partner.soap.sforce.com\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body><soapenv:Fault>"
                + "<faultcode>" + faultCode + "</faultcode><faultstring>" + faultString + "</faultstring>"
                + detail + "</soapenv:Fault></soapenv:Body></soapenv:Envelope>";
    }

    private static String sfFault(String code, String message, String faultType) {
        return soapFault("sf:" + code, code + ": " + message, "<detail><sf:" + faultType + " xsi:type=\"sf:"
                + faultType + "\"><sf:exceptionCode>" + code + "</sf:exceptionCode><sf:exceptionMessage>" + message
                + "</sf:exceptionMessage></sf:" + faultType + "></detail>");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "INVALID_SESSION_ID, 401, Session expired or invalid, UnexpectedErrorFault, auth_failure, token_expired",
            "REQUEST_LIMIT_EXCEEDED, 403, TotalRequests Limit exceeded., UnexpectedErrorFault, rate_limited, "
                    + "quota_exhausted",
            "NOT_FOUND, 404, The requested resource does not exist, UnexpectedErrorFault, not_found, http_status",
            "MALFORMED_QUERY, 400, unexpected character in the query, MalformedQueryFault, validation_error, "
                    + "http_status",
            "INVALID_FIELD, 400, No such column 'Foo' on entity 'Account', InvalidFieldFault, validation_error, "
                    + "http_status",
            "INVALID_TYPE, 400, sObject type 'Foo' is not supported., InvalidSObjectFault, validation_error, "
                    + "http_status"})
    void anXmlErrorOrSoapFaultClassifiesLikeTheSameErrorInJson(String code, int restStatus, String message,
                                                               String faultType, String category, String reason) {
        ErrorEnvelope fromJson = classify(restStatus, "application/json", json(code, message));
        ErrorEnvelope fromXml = classify(restStatus, "application/xml;charset=UTF-8", restXml(code, message));
        ErrorEnvelope fromSoap = classify(500, "text/xml; charset=utf-8", sfFault(code, message, faultType));

        assertThat(fromJson.category().wireName()).isEqualTo(category);
        assertThat(fromJson.reason()).isEqualTo(reason);
        for (ErrorEnvelope e : List.of(fromXml, fromSoap)) {
            assertThat(e.category()).as(code).isEqualTo(fromJson.category());
            assertThat(e.reason()).as(code).isEqualTo(fromJson.reason());
            assertThat(e.providerCode()).isEqualTo(code);
            assertThat(e.message()).contains(message);
        }
    }

    @Test
    void aSoapFaultWithoutDetailIsReadFromItsFaultCodeAsJsforceShowsIt() {
        ErrorEnvelope e = classify(500, "text/xml", soapFault("sf:NOT_FOUND",
                "NOT_FOUND: The requested resource does not exist", ""));

        assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND);
        assertThat(e.providerCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void aSoapLoginFaultIsAnAuthFailureNotAServerError() {
        ErrorEnvelope e = classify(500, "text/xml", sfFault("INVALID_LOGIN",
                "Invalid username, password, security token; or user locked out.", "LoginFault"));

        assertThat(e.category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
        assertThat(e.reason()).isEqualTo("invalid_login");
    }

    @Test
    void aSoapFaultOfAWrongRequestIsAValidationErrorWhileAnUnexpectedOneStaysAServerError() {
        ErrorEnvelope unknownCallerFault = classify(500, "text/xml", sfFault("SOME_NEW_QUERY_CODE",
                "the query cannot be run", "ApiQueryFault"));
        ErrorEnvelope malformedMessage = classify(500, "text/xml", soapFault("soapenv:Client",
                "Element {urn:partner.soap.sforce.com}foo invalid at this location", ""));
        ErrorEnvelope unexpected = classify(500, "text/xml", sfFault("UNKNOWN_EXCEPTION",
                "An unexpected error occurred. Please include this ErrorId if you contact support: 123-456",
                "UnexpectedErrorFault"));

        assertThat(unknownCallerFault.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
        assertThat(malformedMessage.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
        assertThat(unexpected.category()).isEqualTo(ErrorCategory.SERVER_ERROR);
    }
}
