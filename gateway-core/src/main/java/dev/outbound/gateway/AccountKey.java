package dev.outbound.gateway;

import dev.outbound.errors.SafeText;
import java.util.regex.Pattern;

/**
 * One customer's account at one provider. Both parts are validated here, at the public edge, because they become
 * vault paths, bucket keys, lock names and metric tags: no path separator, control character or unbounded length
 * can get through.
 *
 * <p>Provider ids are lower-case letters, digits, {@code -} and {@code _}, starting with a letter, at most 32
 * characters. Customer ids are 1 to 128 characters of letters, digits, {@code . _ - @ +}, starting with a letter
 * or digit (so never {@code .} or {@code ..}). Immutable and thread-safe.
 *
 * @param provider provider id, e.g. {@code salesforce}
 * @param customerId the customer's id in the application
 */
public record AccountKey(String provider, String customerId) {
    private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final Pattern CUSTOMER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}");

    public AccountKey {
        provider = requireProviderId(provider);
        if (customerId == null) {
            throw new IllegalArgumentException("customerId must not be null");
        }
        if (!CUSTOMER.matcher(customerId).matches()) {
            throw new IllegalArgumentException("invalid customerId " + SafeText.quote(customerId)
                    + ": expected 1-128 characters of letters, digits and . _ - @ +, starting with a letter or digit");
        }
    }

    public static AccountKey of(String provider, String customerId) {
        return new AccountKey(provider, customerId);
    }

    /** Validates a provider id and returns it. */
    public static String requireProviderId(String provider) {
        if (provider == null) {
            throw new IllegalArgumentException("provider id must not be null");
        }
        if (!PROVIDER.matcher(provider).matches()) {
            throw new IllegalArgumentException("invalid provider id " + SafeText.quote(provider)
                    + ": expected lower-case letters, digits, - and _, starting with a letter, at most 32 characters");
        }
        return provider;
    }

    /** Whether {@code provider} is a valid provider id (see {@link #requireProviderId}). */
    public static boolean isValidProviderId(String provider) {
        return provider != null && PROVIDER.matcher(provider).matches();
    }

    /** {@code customer/provider}, as log lines and error summaries write it. */
    @Override
    public String toString() {
        return customerId + "/" + provider;
    }
}
