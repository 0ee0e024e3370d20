package io.clickstream.local.gold;

import io.clickstream.contract.LakeTable;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the Gold job reads Silver: the table's URI, the Hadoop settings its Spark needs to reach it (given as
 * {@code spark.hadoop.<key>} properties on the command line, so never a secret) and the environment variables that
 * carry credentials (S3A reads {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY}).
 */
public record SilverSource(String tablePath, Map<String, String> hadoopSettings, Map<String, String> environment) {

    public SilverSource {
        hadoopSettings = Map.copyOf(hadoopSettings);
        environment = Map.copyOf(environment);
    }

    /** Another table of the same lake, e.g. the dead letters: Silver's path with Silver's own tail replaced. */
    public String tableBeside(LakeTable table) {
        String path = tablePath.endsWith("/") ? tablePath.substring(0, tablePath.length() - 1) : tablePath;
        String silver = LakeTable.SILVER_EVENTS.path();
        if (!path.endsWith("/" + silver)) {
            throw new IllegalStateException("Silver's path " + tablePath + " does not end with " + silver);
        }
        return table.under(path.substring(0, path.length() - silver.length()));
    }

    /** Silver on the local disk, {@code <data>/silver/enriched_events}, as {@code ./run.sh} keeps it by default. */
    public static SilverSource onDisk(Path dataDir) {
        return new SilverSource(
                dataDir.resolve(LakeTable.SILVER_EVENTS.path()).toUri().toString(), Map.of(), Map.of());
    }
}
