/**
 * Test helpers for code that uses Outbound: {@link dev.outbound.testkit.SimulatedProvider} plays a third-party API
 * on a local port with scripted responses and faults, {@link dev.outbound.testkit.FakeClock} stands in for both the
 * clock and the sleeper so that no test waits for real time, and {@link dev.outbound.testkit.SimulatorExtension}
 * gives each JUnit 5 test fresh ones.
 */
package dev.outbound.testkit;
