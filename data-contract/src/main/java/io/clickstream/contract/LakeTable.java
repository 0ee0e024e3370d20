package io.clickstream.contract;

/**
 * The lake's tables: where each lies under the lake's root and the name Hudi knows it by.
 *
 * <p>The one place these are named in code. The shipped connector files ({@code connectors/*.json}) carry the same
 * path under {@code /data} (docker compose's lake root) and the same name, and a test holds them to this class; the
 * local stack and the Gold job's tests find the tables through it.
 */
public enum LakeTable {
    /** Every record as Kafka held it: the source of truth. */
    BRONZE_EVENTS("bronze/clickstream", "bronze_clickstream"),
    /** The records no transform could make a Silver row of, with the reason. */
    DEAD_LETTERS("bronze/dead_letters", "bronze_dead_letters"),
    /** The cleansed, enriched, deduplicated events ({@link SilverFields}). */
    SILVER_EVENTS("silver/enriched_events", "silver_enriched_events");

    private final String path;
    private final String tableName;

    LakeTable(String path, String tableName) {
        this.path = path;
        this.tableName = tableName;
    }

    /** The table's path relative to the lake's root, without a leading or trailing slash. */
    public String path() {
        return path;
    }

    /** The table's name in Hudi ({@code hoodie.table.name}, the sink's {@code table.name}). */
    public String tableName() {
        return tableName;
    }

    /** The table's location under {@code root} (a URI or a local path; a trailing slash on it is allowed). */
    public String under(String root) {
        return (root.endsWith("/") ? root : root + "/") + path;
    }
}
