package io.clickstream.lifecycle.replay;

import java.util.List;

/** One Kafka record as a Bronze row (layout 2) holds it: coordinates, timestamp, key, value and headers as bytes. */
record BronzeRecord(
        String topic, int partition, long offset, Long timestamp, byte[] key, byte[] value, List<Header> headers) {

    /** A header: its name and its value's bytes (null for a null value). */
    record Header(String name, byte[] value) {}
}
