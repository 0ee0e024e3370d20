package io.clickstream.simulator.model;

import io.clickstream.contract.EventFields.Device;
import io.clickstream.contract.EventFields.EventType;
import io.clickstream.simulator.event.ClickEvent;

/**
 * Renders an {@link EventDraft} into a {@link ClickEvent}: a pure function of the draft and the seeds. User attributes
 * (device, user agent, network), session, event and order ids are hashes, not stored, and no random stream is
 * consumed here, so whether an event is rendered never changes the events after it.
 */
final class EventRenderer {
    private static final long SESSION_SALT = 0x5E5510AL;
    private static final long ORDER_SALT = 0x0D0E5L;
    private static final long EVENT_SALT = 0xE7E27L;

    private final ModelSettings settings;
    private final Catalog catalog;
    private final IpPool ips = IpPool.defaultPool();
    private final UserAgentPool agents = UserAgentPool.defaultPool();
    private final long eventIdSeed;
    private final long sessionSeed;
    private final long orderSeed;

    EventRenderer(ModelSettings settings, Catalog catalog) {
        this.settings = settings;
        this.catalog = catalog;
        this.eventIdSeed = Rng.mix(settings.streamSeed(), EVENT_SALT);
        this.sessionSeed = Rng.mix(settings.streamSeed(), SESSION_SALT);
        this.orderSeed = Rng.mix(settings.streamSeed(), ORDER_SALT);
    }

    ClickEvent render(EventDraft d) {
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
                purchase
                        ? Uuids.v4(Rng.mix(orderSeed, 2 * d.sessionNo), Rng.mix(orderSeed, 2 * d.sessionNo + 1))
                        : null,
                d.late,
                d.malformation);
    }
}
