/** JMH benchmarks. Run: {@code java -jar benchmarks/target/benchmarks.jar} after {@code mvn package}. */
package dev.outbound.benchmarks;
