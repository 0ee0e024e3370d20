package io.clickstream.connect.hudi.fs;

import org.apache.hudi.common.fs.ConsistencyGuard;
import org.apache.hudi.io.storage.hadoop.HoodieHadoopIOFactory;
import org.apache.hudi.storage.HoodieStorage;
import org.apache.hudi.storage.StoragePath;

/**
 * Hudi's Hadoop I/O factory, building {@link InlineClosingStorage} where it would build Hudi's Hadoop storage: the
 * table's meta client takes its storage from here, not from {@value InlineClosingStorage#STORAGE_CLASS_KEY}.
 */
public class InlineClosingIOFactory extends HoodieHadoopIOFactory {

    public static final String IO_FACTORY_CLASS_KEY = "hoodie.io.factory.class";

    public InlineClosingIOFactory(HoodieStorage storage) {
        super(storage);
    }

    @Override
    public HoodieStorage getStorage(
            StoragePath path,
            boolean retryEnabled,
            long maxRetryIntervalMs,
            int maxRetries,
            long initialRetryIntervalMs,
            String retryExceptions,
            ConsistencyGuard consistencyGuard) {
        return new InlineClosingStorage(
                path,
                storage.getConf(),
                retryEnabled,
                maxRetryIntervalMs,
                maxRetries,
                initialRetryIntervalMs,
                retryExceptions,
                consistencyGuard);
    }
}
