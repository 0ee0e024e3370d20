package io.clickstream.connect.hudi.table;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import org.apache.hudi.common.engine.TaskContextSupplier;
import org.apache.hudi.common.model.HoodieBaseFile;
import org.apache.hudi.common.model.HoodieRecord;
import org.apache.hudi.common.serialization.DefaultSerializer;
import org.apache.hudi.common.util.DefaultSizeEstimator;
import org.apache.hudi.common.util.Option;
import org.apache.hudi.common.util.SizeEstimator;
import org.apache.hudi.common.util.collection.ExternalSpillableMap;
import org.apache.hudi.config.HoodieWriteConfig;
import org.apache.hudi.exception.HoodieIOException;
import org.apache.hudi.io.HoodieWriteMergeHandle;
import org.apache.hudi.io.IOUtils;
import org.apache.hudi.keygen.BaseKeyGenerator;
import org.apache.hudi.table.HoodieTable;

/**
 * Hudi's classic merge handle, holding the incoming rows in the same spillable map, sized by what each row holds of
 * its own ({@link RowSizeEstimator}) rather than with the Avro schema every row shares.
 */
public class RowSizedMergeHandle<T, I, K, O> extends HoodieWriteMergeHandle<T, I, K, O> {

    // Hudi instantiates a merge handle by reflection through one of these four constructors.

    public RowSizedMergeHandle(
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

    public RowSizedMergeHandle(
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

    public RowSizedMergeHandle(
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

    public RowSizedMergeHandle(
            HoodieWriteConfig config,
            String instantTime,
            String partitionPath,
            String fileId,
            HoodieTable<T, I, K, O> table,
            TaskContextSupplier taskContextSupplier) {
        super(config, instantTime, partitionPath, fileId, table, taskContextSupplier);
    }

    @Override
    protected void initIncomingRecordsMap() {
        try {
            keyToNewRecords = new ExternalSpillableMap<>(
                    IOUtils.getMaxMemoryPerPartitionMerge(taskContextSupplier, config),
                    config.getSpillableMapBasePath(),
                    new DefaultSizeEstimator<>(),
                    rowSizeEstimator(),
                    config.getCommonConfig().getSpillableDiskMapType(),
                    new DefaultSerializer<>(),
                    config.getCommonConfig().isBitCaskDiskMapCompressionEnabled(),
                    getClass().getSimpleName());
        } catch (IOException e) {
            throw new HoodieIOException("Cannot instantiate an ExternalSpillableMap", e);
        }
    }

    /** How the map sizes a row. */
    protected SizeEstimator<HoodieRecord<T>> rowSizeEstimator() {
        return new RowSizeEstimator<>();
    }
}
