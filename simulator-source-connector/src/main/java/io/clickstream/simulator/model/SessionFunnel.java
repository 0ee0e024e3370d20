package io.clickstream.simulator.model;

import io.clickstream.contract.EventFields.EventType;
import io.clickstream.simulator.event.ClickEvent.Malformation;

/**
 * The session state machine of every slot: starts sessions, walks each through the funnel (see {@link TrafficModel}'s
 * session model) and records each step's event in an {@link EventDraft}. State lives in primitive arrays indexed by
 * slot (and by user for when a user may return); every decision is drawn from the model's one {@link Rng}.
 */
final class SessionFunnel {
    // Session stages.
    private static final byte IDLE = 0;
    private static final byte BROWSING = 1;
    private static final byte BUYING = 2;
    private static final byte PAYING = 3;
    private static final byte ABANDONING = 4;
    // Session flags.
    private static final byte BOT = 1;
    private static final byte BOUNCE = 2;
    private static final byte CONVERTS = 4;
    private static final byte ON_PRODUCT = 8;
    private static final byte STARTED = 16;

    private final ModelSettings settings;
    private final EventClock clock;
    private final Catalog catalog;
    private final Rng rng;
    private final int botUsers;
    private final int humanUsers;
    private final double convertGivenNoBounce;
    private final long maxThinkMs;

    // Per slot.
    private final long[] sessionNo;
    private final int[] user;
    private final long[] lastTs; // timestamp of the session's last on-time event
    private final int[] lastPage;
    private final int[] cartProduct;
    private final int[] cartCents;
    private final short[] cartItems;
    private final int[] remaining;
    private final byte[] lastQty;
    private final byte[] stage;
    private final byte[] flags;
    // Per user: model second from which the user may start a new session.
    private final int[] userFreeAtSec;

    private long sessionsStarted;
    private long eventsGenerated;
    private long nextDue;
    private final EventDraft draft = new EventDraft();

    SessionFunnel(ModelSettings settings, EventClock clock, Catalog catalog, Rng rng) {
        this.settings = settings;
        this.clock = clock;
        this.catalog = catalog;
        this.rng = rng;
        int population = settings.userCount();
        int bots = settings.botShare() <= 0
                ? 0
                : (int) Math.max(1, Math.min(population, Math.round(population * settings.botShare())));
        this.botUsers = bots;
        this.humanUsers = population - bots;
        double noBounce = 1.0 - settings.bounceProbability();
        this.convertGivenNoBounce = noBounce <= 0 ? 0 : Math.min(1.0, settings.conversionRate() / noBounce);
        this.maxThinkMs = Math.max(1, settings.inactivityTimeoutMs() - 1);

        int slots = settings.concurrentUsers();
        this.sessionNo = new long[slots];
        this.user = new int[slots];
        this.lastTs = new long[slots];
        this.lastPage = new int[slots];
        this.cartProduct = new int[slots];
        this.cartCents = new int[slots];
        this.cartItems = new short[slots];
        this.remaining = new int[slots];
        this.lastQty = new byte[slots];
        this.stage = new byte[slots];
        this.flags = new byte[slots];
        this.userFreeAtSec = new int[population];
    }

    /** Whether {@code slot} holds no session: it starts one when it is next due. */
    boolean idle(int slot) {
        return stage[slot] == IDLE;
    }

    /** When the slot of the last {@link #startSession} or {@link #continueSession} acts next. */
    long nextDue() {
        return nextDue;
    }

    /** The event of the last step. */
    EventDraft draft() {
        return draft;
    }

    long sessionsStarted() {
        return sessionsStarted;
    }

    /**
     * Starts a session in the idle {@code slot} at {@code now} and emits its landing; false, with nothing emitted, when
     * every user drawn is busy or resting.
     */
    boolean startSession(int slot, long now) {
        boolean bot = botUsers > 0 && (humanUsers == 0 || rng.chance(settings.botShare()));
        int nowSec = (int) Math.min(Integer.MAX_VALUE - 1, now / 1000);
        int chosen = -1;
        for (int attempt = 0; attempt < 16 && chosen < 0; attempt++) {
            int candidate;
            if (bot) {
                candidate = rng.nextInt(botUsers);
            } else {
                // Skewed towards low numbers: some users return often, most rarely.
                double u = rng.nextDouble();
                candidate = botUsers + (int) (humanUsers * u * u);
            }
            if (userFreeAtSec[candidate] <= nowSec) {
                chosen = candidate;
            }
        }
        if (chosen < 0) {
            return false;
        }
        userFreeAtSec[chosen] = Integer.MAX_VALUE;
        user[slot] = chosen;
        sessionNo[slot] = sessionsStarted++;
        cartProduct[slot] = -1;
        cartCents[slot] = 0;
        cartItems[slot] = 0;
        byte f = bot ? BOT : 0;
        if (bot) {
            remaining[slot] = 3 + rng.geometric(4 * settings.meanPageViews());
        } else if (rng.chance(settings.bounceProbability())) {
            f |= BOUNCE;
            remaining[slot] = 0;
        } else {
            if (rng.chance(convertGivenNoBounce)) {
                f |= CONVERTS;
            }
            remaining[slot] = 1 + rng.geometric(Math.max(0, settings.meanPageViews() - 2));
        }
        flags[slot] = f;
        stage[slot] = BROWSING;
        lastPage[slot] = Catalog.page(Catalog.EXTERNAL, rng.nextInt(catalog.externalReferrerCount()));

        double landing = rng.nextDouble();
        if (landing < 0.45) {
            emit(slot, now, EventType.PAGE_VIEW, Catalog.page(Catalog.HOME, 0), -1, 0);
        } else if (landing < 0.75) {
            viewCategory(slot, now);
        } else if (landing < 0.85) {
            emit(slot, now, EventType.PAGE_VIEW, Catalog.page(Catalog.DEALS, 0), -1, 0);
        } else {
            int product = catalog.popularProduct(rng);
            emit(slot, now, EventType.PRODUCT_VIEW, Catalog.page(Catalog.PRODUCT_PAGE, product), product, 0);
        }
        if ((f & BOUNCE) != 0) {
            endSession(slot, now);
        } else {
            scheduleNext(slot, now);
        }
        return true;
    }

    /** The next action of the session in {@code slot}, at {@code now}. */
    void continueSession(int slot, long now) {
        byte f = flags[slot];
        if ((f & BOT) != 0) {
            crawl(slot, now);
        } else {
            switch (stage[slot]) {
                case BROWSING -> browse(slot, now);
                case BUYING -> {
                    if (cartItems[slot] > 0) {
                        emit(slot, now, EventType.CHECKOUT, Catalog.page(Catalog.CHECKOUT, 0), -1, 0);
                        stage[slot] = PAYING;
                    } else if ((f & ON_PRODUCT) != 0) {
                        addToCart(slot, now);
                    } else {
                        viewProduct(slot, now);
                    }
                }
                case PAYING -> {
                    emit(slot, now, EventType.PURCHASE, Catalog.page(Catalog.CONFIRMATION, 0), -1, 0);
                    endSession(slot, now);
                    return;
                }
                case ABANDONING -> {
                    emit(slot, now, EventType.CHECKOUT, Catalog.page(Catalog.CHECKOUT, 0), -1, 0);
                    endSession(slot, now);
                    return;
                }
                default -> throw new IllegalStateException("slot " + slot + " in stage " + stage[slot]);
            }
        }
        if (stage[slot] != IDLE) {
            scheduleNext(slot, now);
        }
    }

    private void browse(int slot, long now) {
        byte f = flags[slot];
        if ((f & ON_PRODUCT) != 0 && rng.chance(0.3)) {
            addToCart(slot, now);
        } else if (cartProduct[slot] >= 0 && rng.chance(0.08)) {
            int product = cartProduct[slot];
            int qty = lastQty[slot];
            emit(slot, now, EventType.REMOVE_FROM_CART, Catalog.page(Catalog.CART, 0), product, qty);
            cartItems[slot] -= qty;
            cartCents[slot] -= (int) (catalog.priceCents(product) * qty);
            cartProduct[slot] = -1;
        } else {
            double r = rng.nextDouble();
            if (r < 0.3) {
                viewCategory(slot, now);
            } else if (r < 0.5) {
                search(slot, now);
            } else {
                viewProduct(slot, now);
            }
        }
        if (--remaining[slot] <= 0) {
            if ((f & CONVERTS) != 0) {
                stage[slot] = BUYING;
            } else if (cartItems[slot] > 0 && rng.chance(0.3)) {
                stage[slot] = ABANDONING;
            } else {
                endSession(slot, now);
            }
        }
    }

    private void crawl(int slot, long now) {
        double r = rng.nextDouble();
        if (r < 0.4) {
            viewCategory(slot, now);
        } else if (r < 0.5) {
            search(slot, now);
        } else {
            // Crawlers walk the catalog evenly, not by popularity.
            int product = rng.nextInt(catalog.productCount());
            emit(slot, now, EventType.PRODUCT_VIEW, Catalog.page(Catalog.PRODUCT_PAGE, product), product, 0);
        }
        if (--remaining[slot] <= 0) {
            endSession(slot, now);
        }
    }

    /** A view of a category page, the category drawn uniformly. */
    private void viewCategory(int slot, long now) {
        emit(
                slot,
                now,
                EventType.PAGE_VIEW,
                Catalog.page(Catalog.CATEGORY_PAGE, rng.nextInt(catalog.categoryCount())),
                -1,
                0);
    }

    /** A search, the term drawn uniformly. */
    private void search(int slot, long now) {
        emit(
                slot,
                now,
                EventType.SEARCH,
                Catalog.page(Catalog.SEARCH_PAGE, rng.nextInt(catalog.searchTermCount())),
                -1,
                0);
    }

    private void viewProduct(int slot, long now) {
        int product = catalog.popularProduct(rng);
        emit(slot, now, EventType.PRODUCT_VIEW, Catalog.page(Catalog.PRODUCT_PAGE, product), product, 0);
    }

    private void addToCart(int slot, long now) {
        int product = Catalog.argumentOf(lastPage[slot]);
        int qty = rng.chance(0.85) ? 1 : 2 + rng.nextInt(2);
        cartItems[slot] += qty;
        cartCents[slot] += (int) (catalog.priceCents(product) * qty);
        cartProduct[slot] = product;
        lastQty[slot] = (byte) qty;
        emit(slot, now, EventType.ADD_TO_CART, Catalog.page(Catalog.PRODUCT_PAGE, product), product, qty);
    }

    private void scheduleNext(int slot, long now) {
        double mean = (flags[slot] & BOT) != 0 ? settings.thinkTimeMeanMs() / 40 : settings.thinkTimeMeanMs();
        long think = 1 + (long) rng.exponential(mean);
        nextDue = now + Math.min(think, maxThinkMs);
    }

    private void endSession(int slot, long now) {
        long freeAt = (now + settings.inactivityTimeoutMs()) / 1000 + 1;
        userFreeAtSec[user[slot]] = (int) Math.min(Integer.MAX_VALUE - 1, freeAt);
        stage[slot] = IDLE;
        nextDue = now + 1 + (long) rng.exponential(settings.thinkTimeMeanMs());
    }

    /** Records the event in {@link #draft} (state only; rendering is {@code EventRenderer}'s). */
    private void emit(int slot, long now, EventType type, int page, int product, int qty) {
        EventDraft d = draft;
        d.eventNo = eventsGenerated++;
        d.type = type;
        d.globalUser = settings.firstUser() + user[slot];
        d.bot = (flags[slot] & BOT) != 0;
        d.sessionNo = sessionNo[slot];
        d.page = page;
        d.previousPage = lastPage[slot];
        d.product = product;
        d.quantity = type == EventType.CHECKOUT || type == EventType.PURCHASE ? cartItems[slot] : qty;
        d.revenueCents = type == EventType.PURCHASE ? cartCents[slot] : -1;

        long eventTime = clock.eventTime(now);
        boolean first = (flags[slot] & STARTED) == 0;
        if (!first && eventTime < lastTs[slot]) {
            eventTime = lastTs[slot]; // wall clock stepped back: keep the session's timestamps in order
        }
        d.late = false;
        d.timestamp = eventTime;
        if (!first && settings.lateShare() > 0 && rng.chance(settings.lateShare())) {
            d.late = true;
            d.timestamp = lastTs[slot] - 1 - rng.nextLong(Math.max(1, settings.lateMaxDelayMs()));
        }
        if (!d.late) {
            // Only on-time events move the session's clock: a late event is placed before the last one shown.
            lastTs[slot] = eventTime;
        }
        d.malformation = Malformation.NONE;
        if (settings.malformedShare() > 0 && rng.chance(settings.malformedShare())) {
            d.malformation = Malformation.values()[1 + rng.nextInt(Malformation.values().length - 1)];
        }
        d.duplicated = settings.duplicateShare() > 0 && rng.chance(settings.duplicateShare());

        lastPage[slot] = page;
        byte f = (byte) (flags[slot] | STARTED);
        f = type == EventType.PRODUCT_VIEW ? (byte) (f | ON_PRODUCT) : (byte) (f & ~ON_PRODUCT);
        flags[slot] = f;
    }
}
