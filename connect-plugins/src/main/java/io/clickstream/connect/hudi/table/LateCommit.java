package io.clickstream.connect.hudi.table;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sink commit that completed after sink commits requested later than it: its coordinator passed the commit
 * point's fence, then stalled inside the critical section past the transaction lock's lease while a successor broke
 * that lock and committed the same ranges. Both completed, so the rows it wrote may be in the table twice; those a
 * successor's newer version of the same file replaced are not. The table's offsets stay those of the newest sink
 * commit by requested time (whose files win where the two overlap): what lies beyond them is written again, never
 * skipped.
 *
 * @param instant     the late commit's instant (requested time)
 * @param plannedFrom the sink commit it planned from ("" for an empty table; null when not recorded)
 * @param overtakenBy the sink commits requested after it that completed before it
 * @param ranges      per "topic-partition", the offsets it committed: [start, end), start -1 when its base commit is
 *                    no longer on the active timeline
 */
public record LateCommit(String instant, String plannedFrom, List<String> overtakenBy, Map<String, long[]> ranges) {

    /** Offsets this commit covered, the most that can be in the table twice; a range of unknown start counts its end. */
    public long offsetsPossiblyDuplicated() {
        return ranges.values().stream()
                .mapToLong(r -> r[1] - Math.max(0, r[0]))
                .filter(n -> n > 0)
                .sum();
    }

    /** The ranges as text, e.g. {@code events-0 [0, 150), events-1 [0, 120)}. */
    public String describeRanges() {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(ranges).forEach((partition, range) -> {
            if (range[1] > range[0]) {
                text.append(text.length() == 0 ? "" : ", ")
                        .append(partition)
                        .append(" [")
                        .append(range[0] < 0 ? "?" : String.valueOf(range[0]))
                        .append(", ")
                        .append(range[1])
                        .append(')');
            }
        });
        return text.length() == 0 ? "none" : text.toString();
    }
}
