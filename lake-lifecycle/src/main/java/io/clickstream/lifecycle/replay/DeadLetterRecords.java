package io.clickstream.lifecycle.replay;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.runtime.errors.DeadLetterQueueReporter;

/**
 * The record a Connect worker produces to the dead-letter topic for a rejected one: the original key, value,
 * timestamp and headers, then the worker's context headers (the same names and the same text, in the same order, as
 * Connect's dead-letter reporter writes). The replay gives it the original record's partition and offset: there is no
 * dead-letter topic offset for a letter that was never produced, and the dead-letter table keys letters by the
 * original coordinates anyway.
 */
final class DeadLetterRecords {

    private final String topic;
    private final String connector;

    DeadLetterRecords(String deadLetterTopic, String connector) {
        this.topic = deadLetterTopic;
        this.connector = connector;
    }

    BronzeRecord letterFor(BronzeRecord original, Outcome.Rejected rejected) {
        List<BronzeRecord.Header> headers = new ArrayList<>(original.headers());
        headers.add(header(DeadLetterQueueReporter.ERROR_HEADER_ORIG_TOPIC, original.topic()));
        headers.add(header(DeadLetterQueueReporter.ERROR_HEADER_ORIG_PARTITION, String.valueOf(original.partition())));
        headers.add(header(DeadLetterQueueReporter.ERROR_HEADER_ORIG_OFFSET, String.valueOf(original.offset())));
        headers.add(header(DeadLetterQueueReporter.ERROR_HEADER_CONNECTOR_NAME, connector));
        headers.add(header(DeadLetterQueueReporter.ERROR_HEADER_TASK_ID, "0"));
        headers.add(header(DeadLetterQueueReporter.ERROR_HEADER_STAGE, rejected.stage()));
        headers.add(header(
                DeadLetterQueueReporter.ERROR_HEADER_EXECUTING_CLASS,
                rejected.executingClass().getName()));
        headers.add(header(
                DeadLetterQueueReporter.ERROR_HEADER_EXCEPTION,
                rejected.error().getClass().getName()));
        headers.add(header(
                DeadLetterQueueReporter.ERROR_HEADER_EXCEPTION_MESSAGE,
                rejected.error().getMessage()));
        headers.add(header(DeadLetterQueueReporter.ERROR_HEADER_EXCEPTION_STACK_TRACE, stackTrace(rejected.error())));
        return new BronzeRecord(
                topic,
                original.partition(),
                original.offset(),
                original.timestamp(),
                original.key(),
                original.value(),
                headers);
    }

    private static BronzeRecord.Header header(String name, String text) {
        return new BronzeRecord.Header(name, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    private static String stackTrace(Throwable error) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            error.printStackTrace(stream);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
