package io.clickstream.connect.hudi.fs;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Where each stream still open was opened: the first frames of the opening call outside Hadoop's and ours. */
final class StreamSites {

    private static final int FRAMES = 8;

    private final Map<Object, String> open = Collections.synchronizedMap(new IdentityHashMap<>());

    void opened(Object stream) {
        open.put(stream, site());
    }

    void closed(Object stream) {
        open.remove(stream);
    }

    List<String> openSites() {
        List<String> sites;
        synchronized (open) {
            sites = List.copyOf(open.values());
        }
        return sites.stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                .entrySet()
                .stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getValue() + " x " + e.getKey())
                .toList();
    }

    private static String site() {
        StackTraceElement[] trace = new Throwable().getStackTrace();
        StringBuilder out = new StringBuilder();
        int kept = 0;
        for (StackTraceElement frame : trace) {
            String cls = frame.getClassName();
            if (cls.startsWith(StreamSites.class.getPackageName()) || cls.startsWith("org.apache.hadoop.fs.")) {
                continue;
            }
            out.append(kept == 0 ? "" : " < ")
                    .append(cls.substring(cls.lastIndexOf('.') + 1))
                    .append('.')
                    .append(frame.getMethodName())
                    .append(':')
                    .append(frame.getLineNumber());
            if (++kept == FRAMES) {
                break;
            }
        }
        return out.toString();
    }
}
