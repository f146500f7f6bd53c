package dev.outbound.testkit.providers;

import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;

/**
 * Workday web services, as third-party material describes them (PROVIDERS.md §6 — everything UNVERIFIED): REST
 * {@code /ccx/api/v1/<tenant>/...} with bearer tokens, and SOAP {@code /ccx/service/<tenant>/<Service>/<version>}
 * answering faults with HTTP 500: {@code SOAP-ENV:Client.validationError} with a {@code wd:Validation_Fault}
 * detail, {@code SOAP-ENV:Client.authenticationError}, and "The web service or version is invalid for the
 * requested operation" for a version the tenant does not serve.
 */
public final class WorkdaySimulator extends ProviderSimulator {
    private final String tenant;

    private WorkdaySimulator(SimulatedProvider sim, String tenant, String token) {
        super(sim, "Bearer " + token);
        this.tenant = tenant;
        sim.onPathMatching("ANY", "/ccx/.*").respond(fault("SOAP-ENV:Client.authenticationError",
                "Invalid username or password", ""));
    }

    public static WorkdaySimulator start(String tenant, String token) {
        return new WorkdaySimulator(SimulatedProvider.start(), tenant, token);
    }

    /** {@code GET /ccx/api/v1/<tenant>/workers/<id>} answers JSON. */
    public WorkdaySimulator worker(String id, String json) {
        authed("GET", "/ccx/api/v1/" + tenant + "/workers/" + id).respond(Responses.json(200, json));
        return this;
    }

    /** {@code POST} to the SOAP service: a validation fault. */
    public WorkdaySimulator soapValidationFault(String service, String version, String message) {
        authed("POST", "/ccx/service/" + tenant + "/" + service + "/" + version).respond(fault(
                "SOAP-ENV:Client.validationError", "Validation error occurred. " + message,
                "<wd:Validation_Fault xmlns:wd=\"urn:com.workday/bsvc\"><wd:Validation_Error><wd:Message>" + message
                        + "</wd:Message><wd:Xpath>/wd:Hire_Employee_Request</wd:Xpath></wd:Validation_Error>"
                        + "</wd:Validation_Fault>"));
        return this;
    }

    /** {@code POST} to the SOAP service at this version: the invalid-version fault. */
    public WorkdaySimulator versionNotServed(String service, String version) {
        authed("POST", "/ccx/service/" + tenant + "/" + service + "/" + version).respond(fault(
                "SOAP-ENV:Client", "The web service or version is invalid for the requested operation", ""));
        return this;
    }

    private static dev.outbound.testkit.SimulatedResponse fault(String code, String message, String detail) {
        return Responses.body(500, "text/xml; charset=utf-8", ("<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas."
                + "xmlsoap.org/soap/envelope/\"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>" + code + "</faultcode>"
                + "<faultstring>" + message + "</faultstring>" + (detail.isEmpty() ? "" : "<detail>" + detail
                + "</detail>") + "</SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
