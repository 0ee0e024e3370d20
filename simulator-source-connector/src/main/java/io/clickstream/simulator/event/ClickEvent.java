package io.clickstream.simulator.event;

import io.clickstream.contract.EventFields;
import io.clickstream.contract.EventFields.Device;
import io.clickstream.contract.EventFields.EventType;

/**
 * One simulated interaction, as it will be written (see {@link EventFields} for the meaning of each field).
 *
 * <p>Money is held in cents so that sums stay exact; optional numbers use {@code -1} for "absent" and optional
 * strings {@code null}. {@link #malformation()} is not part of the event: it tells {@link ClickEventJson} to spoil
 * this record on purpose.
 */
public record ClickEvent(
        String eventId,
        EventType type,
        long timestampMillis,
        String userId,
        String sessionId,
        String pageUrl,
        String referrer,
        String ipAddress,
        String userAgent,
        Device device,
        String productId,
        String category,
        long priceCents,
        int quantity,
        String searchQuery,
        long revenueCents,
        String currency,
        String orderId,
        boolean late,
        Malformation malformation) {

    /** How a record is spoiled so that a strict parser must reject it. */
    public enum Malformation {
        NONE,
        /** The JSON text is cut off (not parseable). */
        TRUNCATED_JSON,
        /** A required field ({@code event_id}, {@code event_type}, {@code timestamp} or {@code session_id}) is absent. */
        MISSING_FIELD,
        /** A required string field holds a JSON boolean. */
        WRONG_TYPE
    }

    public boolean isMalformed() {
        return malformation != Malformation.NONE;
    }
}
