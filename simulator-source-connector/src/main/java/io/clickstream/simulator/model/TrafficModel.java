package io.clickstream.simulator.model;

import io.clickstream.simulator.event.ClickEvent;

/**
 * One task's simulated visitors: many concurrent sessions, each walking the shop's funnel, scheduled by a binary
 * heap on the time of their next action.
 *
 * <h2>Session model</h2>
 * A slot holds one session at a time. A session starts with a landing page (home, category, deals or a product,
 * from an external referrer); a bounce ends it there. Otherwise the visitor browses (page views, searches, product
 * views, add to / remove from cart) for a geometric number of steps, then: a buyer makes sure the cart holds
 * something, checks out and purchases; some other visitors with a cart abandon at checkout; the rest just leave. Think
 * times are exponential. When a session ends its user is kept out of new sessions for the inactivity timeout (so a
 * sessionizer based on inactivity agrees with {@code session_id}) and the slot starts a new session for another user
 * drawn from the population after an exponential gap. Bots crawl fast (1/40 of the think time), never touch the cart
 * and never buy.
 *
 * <h2>Memory</h2>
 * Per slot about 50 bytes in primitive arrays, per user 4 bytes; nothing else grows. User attributes (device, user
 * agent, network), session ids and prices are pure hash functions, not stored.
 *
 * <h2>Determinism</h2>
 * Every decision comes from one seeded {@link Rng} consumed in an order that depends only on the model's state, never
 * on the clock or on whether the event is rendered; {@link #skip(long)} therefore reaches exactly the state
 * {@link #next()} would, which is how a task resumes from its committed offset.
 *
 * <h2>Parts</h2>
 * {@code SessionFunnel}: the session state machine, which draws every decision and records each event as a draft;
 * {@code SlotSchedule}: the heap of slots by the time of their next action; {@code EventRenderer}: a draft's
 * {@link ClickEvent}, a pure function of the draft.
 */
public final class TrafficModel {
    private final ModelSettings settings;
    private final Catalog catalog;
    private final SessionFunnel funnel;
    private final SlotSchedule schedule;
    private final EventRenderer renderer;
    private final EventDraft draft;

    private long records;
    private boolean duplicatePending;
    private ClickEvent lastEvent;

    public TrafficModel(ModelSettings settings, EventClock clock) {
        if (settings.concurrentUsers() < 1 || settings.userCount() < 1) {
            throw new IllegalArgumentException("a task needs at least one concurrent user and one user");
        }
        this.settings = settings;
        this.catalog = new Catalog(settings.baseSeed(), settings.productCount());
        Rng rng = new Rng(settings.streamSeed());
        this.funnel = new SessionFunnel(settings, clock, catalog, rng);
        this.draft = funnel.draft();
        this.renderer = new EventRenderer(settings, catalog);

        // Arrivals spread over one think time, so traffic starts smoothly instead of with a burst of landings.
        long spread = Math.max(1, (long) settings.thinkTimeMeanMs());
        long[] due = new long[settings.concurrentUsers()];
        for (int s = 0; s < due.length; s++) {
            due[s] = rng.nextLong(spread);
        }
        this.schedule = new SlotSchedule(due);
    }

    /** The event of the next record (a duplicate delivery returns the same event again). */
    public ClickEvent next() {
        if (duplicatePending) {
            duplicatePending = false;
            records++;
            if (lastEvent == null) {
                lastEvent = renderer.render(draft);
            }
            return lastEvent;
        }
        step();
        records++;
        lastEvent = renderer.render(draft);
        return lastEvent;
    }

    /** Advances by {@code count} records exactly as {@link #next()} would, without rendering them. */
    public void skip(long count) {
        for (long i = 0; i < count; i++) {
            if (duplicatePending) {
                duplicatePending = false;
            } else {
                step();
                lastEvent = null;
            }
            records++;
        }
    }

    /** Records produced (or skipped) so far: the task's source offset. */
    public long position() {
        return records;
    }

    public long sessionsStarted() {
        return funnel.sessionsStarted();
    }

    public Catalog catalog() {
        return catalog;
    }

    /** The next event: the slot due first takes its next action, and the schedule moves it to its next one. */
    private void step() {
        while (true) {
            int slot = schedule.first();
            long now = schedule.firstDue();
            if (funnel.idle(slot)) {
                if (!funnel.startSession(slot, now)) {
                    // Every user drawn is busy or resting: try again later instead of reusing one too soon.
                    schedule.rescheduleFirst(now + settings.inactivityTimeoutMs());
                    continue;
                }
            } else {
                funnel.continueSession(slot, now);
            }
            schedule.rescheduleFirst(funnel.nextDue());
            duplicatePending = draft.duplicated;
            return;
        }
    }
}
