package dev.outbound.spring.boot;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The actuator endpoint {@code outbound} ({@code /actuator/outbound} once exposed with
 * {@code management.endpoints.web.exposure.include}): health rows, firing alerts, the compatibility matrix and the
 * rate-limit consumption, as JSON. Thread-safe.
 */
@Endpoint(id = "outbound")
public class OutboundEndpoint {
    private final OutboundReport report;

    public OutboundEndpoint(OutboundReport report) {
        this.report = report;
    }

    @ReadOperation
    public Map<String, Object> outbound() {
        return report.endpoint();
    }
}
