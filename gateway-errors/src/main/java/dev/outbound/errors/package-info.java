/**
 * Normalized errors: the {@link dev.outbound.errors.ErrorCategory} taxonomy, the {@link
 * dev.outbound.errors.ErrorEnvelope} every failure becomes, the {@link dev.outbound.errors.GenericErrorClassifier}
 * used when an adapter knows nothing more specific, and the pieces adapters build on: safe readers of provider error
 * bodies ({@link dev.outbound.errors.ErrorBodies}, {@link dev.outbound.errors.SafeJson}, {@link
 * dev.outbound.errors.SafeXml}), {@link dev.outbound.errors.RetryAfter}, and bounded, redacted raw-error capture
 * ({@link dev.outbound.errors.RawErrorCapture}, {@link dev.outbound.errors.Redactor}).
 */
package dev.outbound.errors;
