package io.clickstream.gold.postgres;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Creates and migrates the {@value #SCHEMA} schema with Flyway, from the scripts in {@code db/gold} on the
 * classpath; Flyway keeps its history in {@code gold.flyway_schema_history}. Running it again is a no-op; a
 * failing script throws Flyway's exception naming it, and the job does not start.
 */
public final class GoldSchema {

    public static final String SCHEMA = "gold";
    static final String LOCATION = "classpath:db/gold";

    private GoldSchema() {}

    /** Applies pending migrations; returns how many ran. */
    public static int migrate(PostgresConnections connections) {
        Flyway flyway = Flyway.configure(GoldSchema.class.getClassLoader())
                .dataSource(connections.url(), connections.user(), connections.password())
                .schemas(SCHEMA)
                .createSchemas(true)
                .locations(LOCATION)
                .load();
        MigrateResult result = flyway.migrate();
        return result.migrationsExecuted;
    }
}
