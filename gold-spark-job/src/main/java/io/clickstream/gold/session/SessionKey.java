package io.clickstream.gold.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A session's identity in Gold ({@code gold.sessions.session_key}): the first 128 bits of SHA-256 over the user, the
 * id and the event time of the event that opened the session in the job, as 32 hexadecimal digits.
 *
 * <p>Why these three: an event id alone is not unique among sessions. Silver upserts by event id and re-emits the
 * row, so an id sent again by another user, or by the same user at another time after its session closed, opens a
 * second session. Two distinct sessions never share all three: a user's open sessions never accept an id one of
 * them holds (a duplicate), and the same id at the same time after the session closed is behind the watermark
 * (late). The key depends only on the opening event, so a batch recomputed after a restart gives the same keys.
 */
public final class SessionKey {

    private SessionKey() {}

    public static String of(String userId, String openingEventId, long openingTimeMillis) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        // Lengths first, so that no two (user, id) pairs give the same bytes.
        String input = userId.length() + ":" + userId + "|" + openingEventId.length() + ":" + openingEventId + "|"
                + openingTimeMillis;
        byte[] digest = sha.digest(input.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }
}
