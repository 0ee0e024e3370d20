package io.clickstream.connect.hudi.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Peak heap of this JVM as the JVM itself counts it: per pool, {@link MemoryPoolMXBean#getPeakUsage()}. The old
 * generation's peak is the meaningful one (what stayed alive long enough to be promoted); the sum of all heap pools'
 * peaks is an upper bound of the whole heap's peak (pools peak at different moments).
 */
final class HeapPeak {

    private HeapPeak() {}

    static void reset() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks, in MiB. */
    static long heapPeakMib() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes >> 20;
    }

    /** Peak of the old (tenured) generation, in MiB; -1 when the collector has no such pool. */
    static long oldGenPeakMib() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName();
            if (pool.getType() == MemoryType.HEAP && (name.contains("Old") || name.contains("Tenured"))) {
                return pool.getPeakUsage().getUsed() >> 20;
            }
        }
        return -1;
    }
}
