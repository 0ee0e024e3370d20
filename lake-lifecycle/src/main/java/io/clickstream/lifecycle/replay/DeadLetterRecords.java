package io.clickstream.lifecycle.replay;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The record a Connect worker produces to the dead-letter topic for a rejected one: the original key, value,
 * timestamp and headers, then the worker's context headers (the same names and the same text, in the same order, as
 * Connect's dead-letter reporter writes). The replay gives it the original record's partition and offset: there is no
 * dead-letter topic offset for a letter that was never produced, and the dead-letter table keys letters by the
 * original coordinates anyway.
 */
final class DeadLetterRecords {

    static final String ORIG_TOPIC = "__connect.errors.topic";
    static final String ORIG_PARTITION = "__connect.errors.partition";
    static final String ORIG_OFFSET = "__connect.errors.offset";
    static final String CONNECTOR_NAME = "__connect.errors.connector.name";
    static final String TASK_ID = "__connect.errors.task.id";
    static final String STAGE = "__connect.errors.stage";
    static final String EXECUTING_CLASS = "__connect.errors.class.name";
    static final String EXCEPTION = "__connect.errors.exception.class.name";
    static final String EXCEPTION_MESSAGE = "__connect.errors.exception.message";
    static final String EXCEPTION_STACK_TRACE = "__connect.errors.exception.stacktrace";

    private final String topic;
    private final String connector;

    DeadLetterRecords(String deadLetterTopic, String connector) {
        this.topic = deadLetterTopic;
        this.connector = connector;
    }

    BronzeRecord letterFor(BronzeRecord original, Outcome.Rejected rejected) {
        List<BronzeRecord.Header> headers = new ArrayList<>(original.headers());
        headers.add(header(ORIG_TOPIC, original.topic()));
        headers.add(header(ORIG_PARTITION, String.valueOf(original.partition())));
        headers.add(header(ORIG_OFFSET, String.valueOf(original.offset())));
        headers.add(header(CONNECTOR_NAME, connector));
        headers.add(header(TASK_ID, "0"));
        headers.add(header(STAGE, rejected.stage()));
        headers.add(header(EXECUTING_CLASS, rejected.executingClass().getName()));
        headers.add(header(EXCEPTION, rejected.error().getClass().getName()));
        headers.add(header(EXCEPTION_MESSAGE, rejected.error().getMessage()));
        headers.add(header(EXCEPTION_STACK_TRACE, stackTrace(rejected.error())));
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
