/**
 * Field mappings and transforms, compiled once per configuration and applied per record without parsing or
 * reflection: {@link dev.outbound.config.mapping.RecordMapper}, {@link dev.outbound.config.mapping.FieldPath},
 * {@link dev.outbound.config.mapping.TransformRegistry}.
 */
package dev.outbound.config.mapping;
