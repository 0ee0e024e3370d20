package io.clickstream.gold.session;

import io.clickstream.contract.EventFields.EventType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.streaming.GroupState;

/**
 * Sessionizes one user's events by event time, for {@code flatMapGroupsWithState} with a processing-time timeout.
 *
 * <h2>Rules (the same for every batch, so a replayed batch gives the same rows)</h2>
 * <ul>
 *   <li>The batch's events are taken in (event time, event id) order. A row without either (Silver declares both
 *       non-null) is counted in {@code rows_in} and changes nothing else.</li>
 *   <li>An event at or before the watermark ({@link GroupState#getCurrentWatermarkMs()}) is <em>late</em>: counted,
 *       never applied. The job does this itself rather than let Spark drop late rows, so that each batch's count
 *       reaches Gold in the batch's own transaction.</li>
 *   <li>An event whose id an open session of the user already holds is a <em>duplicate</em>: counted, ignored.</li>
 *   <li>Otherwise it joins the open session it comes closer than the gap to (merging two when it bridges them), or
 *       opens a new one.</li>
 *   <li>A session closes when the watermark reaches its last event plus the gap; its final row replaces the open
 *       one and it leaves the state. No accepted event can reach a closed session (it would be late).</li>
 * </ul>
 *
 * <h2>Why a processing-time timeout</h2>
 * Spark's event-time timeout drops late rows before this function sees them. Instead the key asks to be called
 * again after the event-time distance to its next closing, bounded to [{@code minCheckMs}, {@code maxCheckMs}] of
 * processing time: when event time keeps pace with the clock a session closes about when the watermark passes it,
 * and never later than {@code maxCheckMs} after.
 */
public final class Sessionizer implements FlatMapGroupsWithStateFunction<String, SilverEvent, byte[], GoldRow> {

    private static final long serialVersionUID = 1L;
    private static final Comparator<SilverEvent> EVENT_ORDER =
            Comparator.comparingLong(SilverEvent::timeMillis).thenComparing(SilverEvent::getEventId);

    private final long gapMs;
    private final long minCheckMs;
    private final long maxCheckMs;

    public Sessionizer(long gapMs, long minCheckMs, long maxCheckMs) {
        this.gapMs = gapMs;
        this.minCheckMs = minCheckMs;
        this.maxCheckMs = maxCheckMs;
    }

    @Override
    public Iterator<GoldRow> call(String key, Iterator<SilverEvent> input, GroupState<byte[]> state) {
        boolean bot = key.startsWith("bot:");
        long watermark = watermarkOf(state);
        UserState user = state.exists() ? UserStateCodec.decode(state.get()) : new UserState();
        List<SilverEvent> events = new ArrayList<>();
        long unplaceable = 0;
        while (input.hasNext()) {
            SilverEvent event = input.next();
            if (event.getEventId() == null || event.getEventTime() == null) {
                unplaceable++; // Silver never writes one; it has no place in time and no identity
            } else {
                events.add(event);
            }
        }
        events.sort(EVENT_ORDER);

        List<GoldRow> out = new ArrayList<>();
        GoldRow counts = GoldRows.counts(watermark);
        counts.setRowsIn(unplaceable);
        for (SilverEvent event : events) {
            counts.setRowsIn(counts.getRowsIn() + 1);
            counts.setNewestEventTime(Math.max(counts.getNewestEventTime(), event.timeMillis()));
            long hash = EventIdHash.of(event.getEventId());
            if (event.timeMillis() <= watermark) {
                counts.setLateRows(counts.getLateRows() + 1);
            } else if (user.seen(hash)) {
                counts.setDuplicateRows(counts.getDuplicateRows() + 1);
            } else {
                for (String merged : user.add(event, hash, gapMs)) {
                    out.add(GoldRows.deleted(merged));
                }
                long minute = Math.floorDiv(event.timeMillis(), 60_000L);
                boolean first = user.firstInCell(minute, bot ? "" : GoldRows.country(event.getCountryIso()));
                out.add(GoldRows.event(event, minute, first, bot));
            }
        }
        if (counts.getRowsIn() > 0) {
            out.add(counts);
        }
        closeAndEmit(user, key.substring(key.indexOf(':') + 1), watermark, bot, out);
        user.forgetCellsBefore(watermark);
        if (user.empty()) {
            state.remove();
        } else {
            state.update(UserStateCodec.encode(user));
            state.setTimeoutDuration(nextCheckMs(user, watermark));
        }
        return out.iterator();
    }

    private void closeAndEmit(UserState user, String userId, long watermark, boolean bot, List<GoldRow> out) {
        for (Iterator<OpenSession> it = user.sessions.iterator(); it.hasNext(); ) {
            OpenSession session = it.next();
            boolean closed = session.closedAt(watermark, gapMs);
            if ((session.changed || closed) && !bot) {
                GoldRow row = GoldRows.session(session, userId, !closed);
                row.setFresh(session.unwritten);
                out.add(row);
                session.unwritten = false;
            }
            session.changed = false;
            if (closed) {
                it.remove();
            }
        }
    }

    private long nextCheckMs(UserState user, long watermark) {
        long soonest = Long.MAX_VALUE;
        for (OpenSession session : user.sessions) {
            soonest = Math.min(soonest, session.end + gapMs - watermark);
        }
        if (soonest == Long.MAX_VALUE) {
            soonest = 60_000L; // only cells left: they expire within a minute of event time
        }
        return Math.max(minCheckMs, Math.min(maxCheckMs, soonest));
    }

    /**
     * The state's watermark, 0 before the first one. A batch query (the same computation over a Silver snapshot) has
     * none: nothing is late there.
     */
    private static long watermarkOf(GroupState<byte[]> state) {
        try {
            return Math.max(0, state.getCurrentWatermarkMs());
        } catch (UnsupportedOperationException noWatermarkInABatchQuery) {
            return 0;
        }
    }

    static boolean isPurchase(String eventType) {
        return EventType.PURCHASE.wireName().equals(eventType);
    }
}
