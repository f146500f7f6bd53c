package dev.outbound.ratelimit;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Salesforce's {@code Sforce-Limit-Info} response header, e.g. {@code api-usage=25/5000} or
 * {@code api-usage=25/5000; per-app-api-usage=17/250(appName=sample-connected-app)}: the org's rolling 24-hour API
 * allocation used so far, and optionally a connected app's. Salesforce sends no Retry-After and refuses an
 * exhausted org with 403 {@code REQUEST_LIMIT_EXCEEDED}, so an adapter uses this to classify that 403 as
 * {@code quota_exhausted}, and may throttle before it (see {@link #fractionUsed()}). Immutable and thread-safe.
 *
 * @param used API requests used in the last 24 hours
 * @param limit the org's allocation
 * @param appUsed requests of the connected app, if the header has a per-app part
 * @param appLimit the connected app's allocation, if the header has a per-app part
 */
public record SalesforceLimitInfo(long used, long limit, Optional<Long> appUsed, Optional<Long> appLimit) {
    /** The header's name. */
    public static final String HEADER = "Sforce-Limit-Info";

    private static final Pattern API_USAGE = Pattern.compile("(?:^|[;\\s])api-usage=(\\d{1,15})/(\\d{1,15})");
    private static final Pattern APP_USAGE = Pattern.compile("per-app-api-usage=(\\d{1,15})/(\\d{1,15})");

    public SalesforceLimitInfo {
        Objects.requireNonNull(appUsed, "appUsed");
        Objects.requireNonNull(appLimit, "appLimit");
        if (used < 0 || limit < 0) {
            throw new IllegalArgumentException("used and limit must not be negative");
        }
    }

    /** Parses a header value; empty when it has no readable {@code api-usage=used/limit}. */
    public static Optional<SalesforceLimitInfo> parse(String headerValue) {
        if (headerValue == null || headerValue.length() > 1024) {
            return Optional.empty();
        }
        Matcher org = API_USAGE.matcher(headerValue);
        if (!org.find()) {
            return Optional.empty();
        }
        Matcher app = APP_USAGE.matcher(headerValue);
        boolean hasApp = app.find();
        return Optional.of(new SalesforceLimitInfo(Long.parseLong(org.group(1)), Long.parseLong(org.group(2)),
                hasApp ? Optional.of(Long.parseLong(app.group(1))) : Optional.empty(),
                hasApp ? Optional.of(Long.parseLong(app.group(2))) : Optional.empty()));
    }

    /** Requests the org has left; 0 when it is over its allocation. */
    public long remaining() {
        return Math.max(0, limit - used);
    }

    /** Whether the org or the app has used its whole allocation. */
    public boolean exhausted() {
        boolean appOut = appUsed.isPresent() && appLimit.isPresent() && appUsed.get() >= appLimit.get();
        return used >= limit || appOut;
    }

    /** The larger of the org's and the app's used share of their allocation, 0 to 1 (or above when over). */
    public double fractionUsed() {
        double org = limit == 0 ? 1 : (double) used / limit;
        if (appUsed.isPresent() && appLimit.isPresent()) {
            double app = appLimit.get() == 0 ? 1 : (double) appUsed.get() / appLimit.get();
            return Math.max(org, app);
        }
        return org;
    }
}
