package io.clickstream.simulator.model;

import io.clickstream.contract.EventFields.EventType;
import io.clickstream.simulator.event.ClickEvent.Malformation;

/**
 * The event being produced, as primitives: what the session state machine decided. Rendering it into a
 * {@link io.clickstream.simulator.event.ClickEvent} is a pure function ({@code EventRenderer}), so skipping a record
 * costs no strings.
 */
final class EventDraft {
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
    /** The record is delivered twice: the next record repeats this event. */
    boolean duplicated;
}
