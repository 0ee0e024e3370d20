package io.clickstream.gold.session;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The state the job keeps per user (or per bot): its open sessions, ordered by start and never within the gap of
 * each other, and the (minute, country) cells it was already counted active in.
 *
 * <p>Bounded by the watermark: a session leaves when the watermark passes its end plus the gap, a cell when the
 * watermark passes the cell's minute; a user with neither has no state at all.
 */
public final class UserState implements Serializable {

    private static final long serialVersionUID = 1L;

    final List<OpenSession> sessions = new ArrayList<>();
    final Set<String> activeCells = new HashSet<>();

    boolean seen(long hash) {
        for (OpenSession session : sessions) {
            if (session.eventHashes.contains(hash)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds an event: it joins the session(s) it reaches, merging them when it bridges two, or opens a new one.
     * Returns the keys of sessions merged away (to delete from Gold).
     */
    List<String> add(SilverEvent event, long hash, long gapMs) {
        long time = event.timeMillis();
        List<String> mergedAway = new ArrayList<>(0);
        OpenSession target = null;
        for (Iterator<OpenSession> it = sessions.iterator(); it.hasNext(); ) {
            OpenSession session = it.next();
            if (!session.reaches(time, gapMs)) {
                continue;
            }
            if (target == null) {
                target = session;
                target.add(event, hash);
            } else {
                target.merge(session);
                mergedAway.add(session.key);
                it.remove();
            }
        }
        if (target == null) {
            OpenSession opened = OpenSession.of(event, hash);
            int at = 0;
            while (at < sessions.size() && sessions.get(at).start < opened.start) {
                at++;
            }
            sessions.add(at, opened);
        }
        return mergedAway;
    }

    /** Whether this is the first event of the user in this cell (minute and country); remembers it. */
    boolean firstInCell(long minute, String country) {
        return activeCells.add(minute + "|" + country);
    }

    /** Forgets cells whose minute ended at or before the watermark: no accepted event can fall in them. */
    void forgetCellsBefore(long watermarkMs) {
        activeCells.removeIf(cell ->
                (Long.parseLong(cell.substring(0, cell.indexOf('|'))) + 1) * 60_000L <= watermarkMs);
    }

    boolean empty() {
        return sessions.isEmpty() && activeCells.isEmpty();
    }
}
