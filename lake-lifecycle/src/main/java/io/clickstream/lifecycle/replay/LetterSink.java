package io.clickstream.lifecycle.replay;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import java.util.Map;

/**
 * The replay's rejects as the dead-letter sink would store them: each becomes the record the worker would have
 * produced to the dead-letter topic ({@link DeadLetterRecords}), which goes through the dead-letter connector's own
 * converters and row code into its new table.
 */
final class LetterSink implements AutoCloseable {

    private final DeadLetterRecords letters;
    private final TableBatches table;
    private final RecordPipeline pipeline;

    LetterSink(ConnectorFile deadLetterConnector, String letterTopic, String silverConnector, int batchRows) {
        HudiSinkConfig config = new HudiSinkConfig(deadLetterConnector.config());
        if (!config.topics().contains(letterTopic)) {
            throw new IllegalArgumentException("the dead-letter connector " + deadLetterConnector.name() + " reads "
                    + config.topics() + ", not the Silver connector's dead-letter topic '" + letterTopic
                    + "': its table would not be the one that continues the replay's");
        }
        this.letters = new DeadLetterRecords(letterTopic, silverConnector);
        this.table = new TableBatches(config, batchRows);
        this.pipeline = new RecordPipeline(deadLetterConnector.config(), config, table::schema);
    }

    void add(BronzeRecord original, Outcome.Rejected reject) {
        BronzeRecord letter = letters.letterFor(original, reject);
        Outcome stored = pipeline.process(letter);
        if (stored instanceof Outcome.Row row) {
            table.add(row.row());
        } else if (stored instanceof Outcome.Rejected failed) {
            throw new IllegalStateException("the dead letter of " + original.topic() + "-" + original.partition() + "@"
                    + original.offset() + " cannot be stored in " + table.path() + " (" + failed.stage() + ": "
                    + failed.error() + ")");
        }
    }

    /** The dead-letter connector reads its topic from the start: the replay's letters were never produced to it. */
    void finish(Map<String, String> lineage) {
        table.finish(Map.of(), lineage);
    }

    long rows() {
        return table.rows();
    }

    String path() {
        return table.path();
    }

    @Override
    public void close() {
        pipeline.close();
        table.close();
    }
}
