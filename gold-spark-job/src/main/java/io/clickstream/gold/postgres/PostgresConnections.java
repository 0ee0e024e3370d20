package io.clickstream.gold.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Opens JDBC connections to the Gold database. The password is held here and in no string that is printed:
 * {@link #toString()} shows the URL and user only.
 *
 * <p>Every connection runs in UTC, so {@code date_trunc('minute', ...)} agrees with the job's minutes.
 */
public final class PostgresConnections {

    private final String url;
    private final String user;
    private final String password;

    public PostgresConnections(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public Connection open() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "clickstream-gold");
        // A dead server must fail the attempt in bounded time, not hang the batch.
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("socketTimeout", "300");
        Connection connection = DriverManager.getConnection(url, properties);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TIME ZONE 'UTC'");
        }
        return connection;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    String password() {
        return password;
    }

    @Override
    public String toString() {
        return user + "@" + url;
    }
}
