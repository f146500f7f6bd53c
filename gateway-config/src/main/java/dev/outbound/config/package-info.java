/**
 * Configuration over code: everything that varies per customer is a validated document, not a code change.
 *
 * <p>An {@link dev.outbound.config.IntegrationConfig} names the customer, the integration and provider, a credential
 * reference (never a secret), the base URL and API version override, rate-limit overrides, the sync direction, the
 * schedule (webhook, interval, cron), filter criteria, field mappings with transforms, and the error preference.
 * {@link dev.outbound.config.ConfigLoader} validates documents against the published schema and compiles them;
 * {@link dev.outbound.config.spi.ConfigStore} backends keep the last valid version of each in force.
 *
 * <h2>Where configuration ends and code begins</h2>
 * A configuration can move a field, give a default, apply a fixed chain of named transforms, and keep or drop a
 * record by comparisons on its fields. It cannot branch ("if the country is DE use this mapping"), loop, call out,
 * look up other records, or compute across fields beyond {@code concat} and a currency taken from a second source.
 * That is on purpose: a configuration language that grows conditionals becomes a programming language without
 * tests, types or review. When a customer needs more, write a Java transform and register it by name in
 * {@link dev.outbound.config.mapping.TransformRegistry} (the configuration can then name it), or handle the records
 * in code around {@link dev.outbound.config.RecordProcessor}.
 */
package dev.outbound.config;
