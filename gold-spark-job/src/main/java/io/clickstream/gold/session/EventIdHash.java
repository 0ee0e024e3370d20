package io.clickstream.gold.session;

/**
 * A 64-bit FNV-1a hash of an event id: what open sessions remember to recognise a row delivered again, at 8 bytes
 * instead of a 36-character string. Two distinct ids of one user's open sessions colliding is a 1 in 2^64 event per
 * pair.
 */
final class EventIdHash {

    private EventIdHash() {}

    static long of(String eventId) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < eventId.length(); i++) {
            hash ^= eventId.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
