package io.clickstream.connect.hudi.table;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hudi.common.engine.TaskContextSupplier;
import org.apache.hudi.common.model.HoodieBaseFile;
import org.apache.hudi.common.model.HoodieRecord;
import org.apache.hudi.common.util.HoodieRecordSizeEstimator;
import org.apache.hudi.common.util.Option;
import org.apache.hudi.common.util.collection.ExternalSpillableMap;
import org.apache.hudi.config.HoodieWriteConfig;
import org.apache.hudi.keygen.BaseKeyGenerator;
import org.apache.hudi.table.HoodieTable;

/** The sink's merge handle, recording each merge's map of incoming rows once it is filled (tests only). */
public class RecordingMergeHandle<T, I, K, O> extends RowSizedMergeHandle<T, I, K, O> {

    /**
     * A filled map: its entries in memory and on disk, its estimate of those in memory, and what Hudi's own estimator
     * ({@code HoodieRecordSizeEstimator}: the row's whole object graph) says of one of them.
     */
    public record Merge(int inMemory, int onDisk, long estimatedBytes, long hudiEstimate) {
        long estimatePerRow() {
            return estimatedBytes / Math.max(1, inMemory);
        }
    }

    public static final List<Merge> MERGES = new CopyOnWriteArrayList<>();

    public RecordingMergeHandle(
            HoodieWriteConfig config,
            String instantTime,
            HoodieTable<T, I, K, O> table,
            Iterator<HoodieRecord<T>> records,
            String partitionPath,
            String fileId,
            TaskContextSupplier taskContextSupplier,
            Option<BaseKeyGenerator> keyGenerator) {
        super(config, instantTime, table, records, partitionPath, fileId, taskContextSupplier, keyGenerator);
    }

    public RecordingMergeHandle(
            HoodieWriteConfig config,
            String instantTime,
            HoodieTable<T, I, K, O> table,
            Iterator<HoodieRecord<T>> records,
            String partitionPath,
            String fileId,
            TaskContextSupplier taskContextSupplier,
            HoodieBaseFile baseFile,
            Option<BaseKeyGenerator> keyGenerator) {
        super(config, instantTime, table, records, partitionPath, fileId, taskContextSupplier, baseFile, keyGenerator);
    }

    public RecordingMergeHandle(
            HoodieWriteConfig config,
            String instantTime,
            HoodieTable<T, I, K, O> table,
            Map<String, HoodieRecord<T>> keyToNewRecords,
            String partitionPath,
            String fileId,
            HoodieBaseFile baseFile,
            TaskContextSupplier taskContextSupplier,
            Option<BaseKeyGenerator> keyGenerator) {
        super(
                config,
                instantTime,
                table,
                keyToNewRecords,
                partitionPath,
                fileId,
                baseFile,
                taskContextSupplier,
                keyGenerator);
    }

    public RecordingMergeHandle(
            HoodieWriteConfig config,
            String instantTime,
            String partitionPath,
            String fileId,
            HoodieTable<T, I, K, O> table,
            TaskContextSupplier taskContextSupplier) {
        super(config, instantTime, partitionPath, fileId, table, taskContextSupplier);
    }

    @Override
    protected void populateIncomingRecordsMap(Iterator<HoodieRecord<T>> newRecordsItr) {
        super.populateIncomingRecordsMap(newRecordsItr);
        ExternalSpillableMap<String, HoodieRecord<T>> map =
                (ExternalSpillableMap<String, HoodieRecord<T>>) keyToNewRecords;
        long hudiEstimate = map.getInMemoryMapNumEntries() == 0
                ? 0
                : new HoodieRecordSizeEstimator<HoodieRecord<T>>(writeSchema)
                        .sizeEstimate(map.values().iterator().next());
        MERGES.add(new Merge(
                map.getInMemoryMapNumEntries(),
                map.getDiskBasedMapNumEntries(),
                map.getCurrentInMemoryMapSize(),
                hudiEstimate));
    }
}
