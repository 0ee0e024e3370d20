package io.clickstream.simulator.model;

import io.clickstream.simulator.event.ClickEvent;
import io.clickstream.simulator.event.ClickEvent.Malformation;
import io.clickstream.contract.EventFields.Device;
import io.clickstream.contract.EventFields.EventType;

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
 */
public final class TrafficModel {
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

    private static final long SESSION_SALT = 0x5E5510AL;
    private static final long ORDER_SALT = 0x0D0E5L;
    private static final long EVENT_SALT = 0xE7E27L;

    private final ModelSettings settings;
    private final EventClock clock;
    private final Catalog catalog;
    private final IpPool ips = IpPool.defaultPool();
    private final UserAgentPool agents = UserAgentPool.defaultPool();
    private final Rng rng;
    private final long eventIdSeed;
    private final long sessionSeed;
    private final long orderSeed;
    private final int botUsers;
    private final int humanUsers;
    private final double convertGivenNoBounce;
    private final long maxThinkMs;

    // Per slot.
    private final int slots;
    private final long[] due;
    private final int[] heap;
    private final long[] sessionNo;
    private final int[] user;
    private final long[] lastTs;     // timestamp of the session's last on-time event
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
    private long records;
    private final Draft draft = new Draft();
    private boolean duplicatePending;
    private ClickEvent lastEvent;

    public TrafficModel(ModelSettings settings, EventClock clock) {
        if (settings.concurrentUsers() < 1 || settings.userCount() < 1) {
            throw new IllegalArgumentException("a task needs at least one concurrent user and one user");
        }
        this.settings = settings;
        this.clock = clock;
        this.catalog = new Catalog(settings.baseSeed(), settings.productCount());
        this.rng = new Rng(settings.streamSeed());
        this.eventIdSeed = Rng.mix(settings.streamSeed(), EVENT_SALT);
        this.sessionSeed = Rng.mix(settings.streamSeed(), SESSION_SALT);
        this.orderSeed = Rng.mix(settings.streamSeed(), ORDER_SALT);
        int population = settings.userCount();
        int bots = settings.botShare() <= 0 ? 0
                : (int) Math.max(1, Math.min(population, Math.round(population * settings.botShare())));
        this.botUsers = bots;
        this.humanUsers = population - bots;
        double noBounce = 1.0 - settings.bounceProbability();
        this.convertGivenNoBounce = noBounce <= 0 ? 0 : Math.min(1.0, settings.conversionRate() / noBounce);
        this.maxThinkMs = Math.max(1, settings.inactivityTimeoutMs() - 1);

        this.slots = settings.concurrentUsers();
        this.due = new long[slots];
        this.heap = new int[slots];
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

        // Arrivals spread over one think time, so traffic starts smoothly instead of with a burst of landings.
        long spread = Math.max(1, (long) settings.thinkTimeMeanMs());
        for (int s = 0; s < slots; s++) {
            due[s] = rng.nextLong(spread);
            heap[s] = s;
        }
        for (int i = slots / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    /** The event of the next record (a duplicate delivery returns the same event again). */
    public ClickEvent next() {
        if (duplicatePending) {
            duplicatePending = false;
            records++;
            if (lastEvent == null) {
                lastEvent = materialize(draft);
            }
            return lastEvent;
        }
        step();
        records++;
        lastEvent = materialize(draft);
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
        return sessionsStarted;
    }

    public Catalog catalog() {
        return catalog;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The funnel.

    private void step() {
        while (true) {
            int slot = heap[0];
            long now = due[slot];
            if (stage[slot] == IDLE) {
                if (!startSession(slot, now)) {
                    // Every user drawn is busy or resting: try again later instead of reusing one too soon.
                    due[slot] = now + settings.inactivityTimeoutMs();
                    siftDown(0);
                    continue;
                }
            } else {
                continueSession(slot, now);
            }
            siftDown(0);
            return;
        }
    }

    private boolean startSession(int slot, long now) {
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
            emit(slot, now, EventType.PAGE_VIEW, Catalog.page(Catalog.CATEGORY_PAGE, rng.nextInt(catalog.categoryCount())), -1, 0);
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

    private void continueSession(int slot, long now) {
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
                emit(slot, now, EventType.PAGE_VIEW,
                        Catalog.page(Catalog.CATEGORY_PAGE, rng.nextInt(catalog.categoryCount())), -1, 0);
            } else if (r < 0.5) {
                emit(slot, now, EventType.SEARCH,
                        Catalog.page(Catalog.SEARCH_PAGE, rng.nextInt(catalog.searchTermCount())), -1, 0);
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
            emit(slot, now, EventType.PAGE_VIEW,
                    Catalog.page(Catalog.CATEGORY_PAGE, rng.nextInt(catalog.categoryCount())), -1, 0);
        } else if (r < 0.5) {
            emit(slot, now, EventType.SEARCH,
                    Catalog.page(Catalog.SEARCH_PAGE, rng.nextInt(catalog.searchTermCount())), -1, 0);
        } else {
            // Crawlers walk the catalog evenly, not by popularity.
            int product = rng.nextInt(catalog.productCount());
            emit(slot, now, EventType.PRODUCT_VIEW, Catalog.page(Catalog.PRODUCT_PAGE, product), product, 0);
        }
        if (--remaining[slot] <= 0) {
            endSession(slot, now);
        }
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
        due[slot] = now + Math.min(think, maxThinkMs);
    }

    private void endSession(int slot, long now) {
        long freeAt = (now + settings.inactivityTimeoutMs()) / 1000 + 1;
        userFreeAtSec[user[slot]] = (int) Math.min(Integer.MAX_VALUE - 1, freeAt);
        stage[slot] = IDLE;
        due[slot] = now + 1 + (long) rng.exponential(settings.thinkTimeMeanMs());
    }

    /** Records the event in {@link #draft} (state only; rendering happens in {@link #materialize}). */
    private void emit(int slot, long now, EventType type, int page, int product, int qty) {
        Draft d = draft;
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
        duplicatePending = settings.duplicateShare() > 0 && rng.chance(settings.duplicateShare());

        lastPage[slot] = page;
        byte f = (byte) (flags[slot] | STARTED);
        f = type == EventType.PRODUCT_VIEW ? (byte) (f | ON_PRODUCT) : (byte) (f & ~ON_PRODUCT);
        flags[slot] = f;
    }

    private ClickEvent materialize(Draft d) {
        long userHash = Rng.mix(settings.baseSeed(), d.globalUser);
        Device device;
        String ip;
        long hostHash = Rng.mix(Rng.mix(userHash, 5), d.sessionNo);
        String userAgent;
        if (d.bot) {
            device = Device.BOT;
            UserAgentPool.Agent agent = agents.pick(device, Rng.mix(userHash, 2));
            userAgent = agent.text();
            ip = ips.botNetwork(agent.network().ordinal()).host(hostHash);
        } else {
            double u = Rng.unit(Rng.mix(userHash, 1));
            device = u < 0.45 ? Device.DESKTOP : u < 0.9 ? Device.MOBILE : Device.TABLET;
            userAgent = agents.pick(device, Rng.mix(userHash, 2)).text();
            if (Rng.unit(Rng.mix(hostHash, 6)) < settings.ipUnknownShare()) {
                ip = ips.reservedAddress(hostHash);
            } else {
                boolean ipv6 = Rng.unit(Rng.mix(userHash, 3)) < settings.ipv6Share();
                ip = ips.userNetwork(Rng.mix(userHash, 4), ipv6).host(hostHash);
            }
        }
        String sessionId = Uuids.v4(Rng.mix(sessionSeed, 2 * d.sessionNo), Rng.mix(sessionSeed, 2 * d.sessionNo + 1));
        String eventId = Uuids.v4(Rng.mix(eventIdSeed, 2 * d.eventNo), Rng.mix(eventIdSeed, 2 * d.eventNo + 1));
        boolean hasProduct = d.type.hasProduct();
        boolean purchase = d.type == EventType.PURCHASE;
        return new ClickEvent(
                eventId,
                d.type,
                d.timestamp,
                "user_" + d.globalUser,
                sessionId,
                catalog.pageUrl(d.page),
                catalog.pageUrl(d.previousPage),
                ip,
                userAgent,
                device,
                hasProduct ? catalog.productId(d.product) : null,
                hasProduct ? catalog.categoryName(catalog.categoryOf(d.product)) : null,
                hasProduct ? catalog.priceCents(d.product) : -1,
                d.type.hasQuantity() ? d.quantity : 0,
                d.type == EventType.SEARCH ? catalog.searchTerm(Catalog.argumentOf(d.page)) : null,
                purchase ? d.revenueCents : -1,
                purchase ? Catalog.CURRENCY : null,
                purchase ? Uuids.v4(Rng.mix(orderSeed, 2 * d.sessionNo), Rng.mix(orderSeed, 2 * d.sessionNo + 1)) : null,
                d.late,
                d.malformation);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The schedule: a binary min-heap of slots keyed by (due time, slot number); only the root ever changes.

    private void siftDown(int i) {
        int node = heap[i];
        long key = due[node];
        int half = slots >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < slots && before(heap[right], heap[child])) {
                child = right;
            }
            int c = heap[child];
            if (due[c] > key || (due[c] == key && c > node)) {
                break;
            }
            heap[i] = c;
            i = child;
        }
        heap[i] = node;
    }

    private boolean before(int a, int b) {
        return due[a] < due[b] || (due[a] == due[b] && a < b);
    }

    /** The event being produced, as primitives; rendering it is a pure function. */
    private static final class Draft {
        long eventNo;
        EventType type;
        long globalUser;
        boolean bot;
        long sessionNo;
        int page;
        int previousPage;
        int product;
        int quantity;
        long revenueCents;
        long timestamp;
        boolean late;
        Malformation malformation;
    }
}
