package dev.outbound.providers.salesforce;

import dev.outbound.gateway.spi.LimitUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Salesforce's {@code Sforce-Limit-Info} header, sent on every REST response (PROVIDERS.md §1):
 * {@code api-usage=18/5000}, optionally {@code ; per-app-api-usage=17/250(appName=sample-connected-app)}, and in
 * the v264.0 preview docs {@code ; api-bursts=1/750} (preview: treated like the others, window unknown). The values
 * are used/limit; {@code api-usage} counts against the org's rolling 24-hour allocation. Stateless.
 */
public final class SalesforceLimitInfo {
    /** The header name. */
    public static final String HEADER = "Sforce-Limit-Info";
    private static final Pattern ITEM = Pattern.compile("\\s*([A-Za-z][A-Za-z0-9-]{0,60})\\s*=\\s*(\\d{1,18})\\s*/"
            + "\\s*(\\d{1,18})\\s*(?:\\(([^)]{0,200})\\))?\\s*");

    private SalesforceLimitInfo() {
    }

    /** The limits a header value reports; unreadable items are skipped. Never throws. */
    public static List<LimitUsage> parse(String value) {
        List<LimitUsage> out = new ArrayList<>();
        if (value == null || value.length() > 2048) {
            return out;
        }
        for (String item : value.split("[;,]")) {
            Matcher m = ITEM.matcher(item);
            if (!m.matches()) {
                continue;
            }
            try {
                long used = Long.parseLong(m.group(2));
                long limit = Long.parseLong(m.group(3));
                String name = m.group(1);
                Optional<Duration> window = name.endsWith("api-usage") ? Optional.of(Duration.ofHours(24))
                        : Optional.empty();
                out.add(new LimitUsage(name, limit, limit - used, window));
            } catch (NumberFormatException tooLarge) {
                // skip the item
            }
        }
        return out;
    }
}
