package io.clickstream.gold.erase;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Erases users from Gold: their sessions (the only Gold rows that name a user) deleted in one transaction. The
 * per-minute tables count events, sessions and revenue by minute, country, page and funnel step: they hold no user id
 * or address and are kept. A session still open in the Gold job's state is written again when it changes or closes,
 * unless the job drops the user's events (its Silver input no longer holds them once the lake is purged).
 */
public final class GoldErasure {

    private GoldErasure() {}

    /** Deletes the users' sessions; returns their keys (for the tombstones of the published sessions topic). */
    public static List<String> deleteSessions(Connection connection, Collection<String> userIds) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM gold.sessions WHERE user_id = ANY (?) RETURNING session_key")) {
            Array ids = connection.createArrayOf("text", userIds.toArray());
            delete.setArray(1, ids);
            List<String> keys = new ArrayList<>();
            try (ResultSet deleted = delete.executeQuery()) {
                while (deleted.next()) {
                    keys.add(deleted.getString(1));
                }
            }
            connection.commit();
            return keys;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
