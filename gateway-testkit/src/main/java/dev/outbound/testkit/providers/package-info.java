/**
 * Simulators of the built-in providers (PROVIDERS.md): local HTTP servers, built on
 * {@link dev.outbound.testkit.SimulatedProvider}, that answer like Salesforce, HubSpot, NetSuite, SAP Gateway,
 * Coupa, Workday, Dataverse and Stripe — their auth checks, success shapes, error bodies (including errors inside
 * HTTP 200), rate-limit answers and batch formats. Each simulator serves one API version, so an adapter's tests
 * can run against the pinned and the next version. Where a provider's exact wording is not documented, the
 * simulator says so (UNVERIFIED) in its javadoc.
 */
package dev.outbound.testkit.providers;
