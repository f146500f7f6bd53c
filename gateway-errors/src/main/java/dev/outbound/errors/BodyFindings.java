package dev.outbound.errors;

/**
 * What a structured reader found in a body: whether it was the kind it reads at all, whether it was a SOAP fault,
 * and the cleaned code and message (one line, redacted, bounded; empty when absent). Immutable.
 */
record BodyFindings(boolean recognised, boolean soapFault, String code, String message) {
    BodyFindings(boolean recognised, String code, String message) {
        this(recognised, false, code, message);
    }
}
