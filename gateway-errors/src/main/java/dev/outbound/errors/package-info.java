/**
 * Normalized errors: the {@link dev.outbound.errors.ErrorCategory} taxonomy, the {@link
 * dev.outbound.errors.ErrorEnvelope} every failure becomes, and safe readers of provider error bodies.
 */
package dev.outbound.errors;
