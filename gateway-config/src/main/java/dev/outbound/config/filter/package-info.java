/** Filter criteria on record fields, combined with all/any: {@link dev.outbound.config.filter.RecordFilter}. */
package dev.outbound.config.filter;
