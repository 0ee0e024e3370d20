package io.clickstream.connect.hudi.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hudi.common.table.HoodieTableMetaClient;
import org.apache.hudi.common.table.timeline.HoodieInstant;
import org.apache.hudi.storage.hadoop.HadoopStorageConfiguration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/** Reads the rows of a Hudi table's latest base files straight from Parquet (COW, or MOR after compaction). */
public final class TableFiles {

    private TableFiles() {}

    public static List<GenericRecord> latestRows(Path table) {
        return latestRows(table, instant -> true);
    }

    /**
     * Rows as a reader sees them: only base files of instants the timeline shows as completed (files of an inflight
     * or rolled-back instant are ignored); fails if a completed instant's file cannot be read.
     */
    public static List<GenericRecord> committedRows(Path table) {
        HoodieTableMetaClient metaClient = HoodieTableMetaClient.builder()
                .setConf(new HadoopStorageConfiguration(new Configuration()))
                .setBasePath(table.toUri().toString())
                .build();
        Set<String> completed = metaClient
                .getCommitsTimeline()
                .filterCompletedInstants()
                .getInstantsAsStream()
                .map(HoodieInstant::requestedTime)
                .collect(Collectors.toSet());
        return latestRows(table, completed::contains);
    }

    private static List<GenericRecord> latestRows(Path table, Predicate<String> instants) {
        Map<String, Path> latestByFileId = new HashMap<>();
        try {
            // .hoodie is skipped: the sink may be staging and deleting chunks there while the test reads
            Files.walkFileTree(table, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return d.getFileName().toString().equals(".hoodie")
                            ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
                    String name = p.getFileName().toString();
                    if (name.endsWith(".parquet") && instants.test(instantOf(p))) {
                        String fileId = name.substring(0, name.indexOf('_'));
                        latestByFileId.merge(fileId, p, (a, b) -> instantOf(a).compareTo(instantOf(b)) >= 0 ? a : b);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the base files of " + table, e);
        }
        List<GenericRecord> rows = new ArrayList<>();
        for (Path file : latestByFileId.values()) {
            try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
                            HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
                    .build()) {
                GenericRecord row;
                while ((row = reader.read()) != null) {
                    rows.add(row);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the rows of " + file, e);
            }
        }
        return rows;
    }

    private static String instantOf(Path parquet) {
        String name = parquet.getFileName().toString();
        return name.substring(name.lastIndexOf('_') + 1, name.length() - ".parquet".length());
    }

    /** A Bronze row's value as UTF-8 text, whichever layout wrote it (bytes, or text in layout 1); null for null. */
    public static String valueText(GenericRecord row) {
        Object value = row.get("value");
        if (value instanceof java.nio.ByteBuffer bytes) {
            return java.nio.charset.StandardCharsets.UTF_8
                    .decode(bytes.duplicate())
                    .toString();
        }
        return value == null ? null : value.toString();
    }
}
