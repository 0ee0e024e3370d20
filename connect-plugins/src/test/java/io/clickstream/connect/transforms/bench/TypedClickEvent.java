package io.clickstream.connect.transforms.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A second reference point for {@code ParseClickEvent}: the same typed result from Jackson alone. Jackson databind
 * reads a simulator event into this record (event time as {@link Instant}, money as {@link BigDecimal}, quantity as
 * int) and checks nothing beyond the JSON types: no lengths, control characters, URLs, IP addresses, enums, time
 * window or currency codes, and no Connect {@code Struct}.
 */
record TypedClickEvent(
        String eventId,
        String eventType,
        Instant timestamp,
        String userId,
        String sessionId,
        String pageUrl,
        String referrer,
        String ipAddress,
        String userAgent,
        String device,
        String productId,
        String category,
        BigDecimal price,
        Integer quantity,
        String searchQuery,
        BigDecimal revenue,
        String currency,
        String orderId,
        Boolean late) {

    /** A reader of the simulator's snake_case JSON (it sends no fields beyond these). */
    static ObjectReader reader() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build()
                .readerFor(TypedClickEvent.class);
    }
}
