package io.clickstream.connect.hudi.table;

import org.apache.avro.generic.GenericRecord;

/** A row with its Hudi record key and partition path. */
public record KeyedRow(String recordKey, String partitionPath, GenericRecord row) {}
