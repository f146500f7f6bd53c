/**
 * Batch calls: one gateway call that carries many operations and returns one {@link
 * dev.outbound.providers.batch.BatchOutcome} per {@link dev.outbound.providers.batch.BatchOperation}. The provider
 * packages hold the entry points (Salesforce Composite, SAP OData {@code $batch}, Dataverse {@code $batch}).
 */
package dev.outbound.providers.batch;
