package io.clickstream.connect.transforms.parse;

/** Where a record came from: the key of its Bronze row, and the Kafka timestamp the event time is checked against. */
record Lineage(String topic, int partition, long offset, long timestampMillis) {}
