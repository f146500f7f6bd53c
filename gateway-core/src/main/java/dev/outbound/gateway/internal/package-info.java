/** The gateway's implementation: the pipeline and its stages. Not an API; may change in any release. */
package dev.outbound.gateway.internal;
