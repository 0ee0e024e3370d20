package io.clickstream.connect.transforms.suppress;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** {@link DropSuppressedUsers}'s settings. */
public final class DropSuppressedUsersConfig extends AbstractConfig {

    public static final String PATH = "suppressed.users.path";
    public static final String CHECK_INTERVAL_MS = "suppressed.users.check.interval.ms";
    public static final String MAX_ID_LENGTH = "max.user.id.length";
    private static final String GROUP = "Suppressed users";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    PATH,
                    Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    "The suppressed users file, as the parse transform's key of the same name reads it (one id per "
                            + "line, # comments, at most " + SuppressedUsers.MAX_FILE_BYTES / (1024 * 1024)
                            + " MiB, re-read when it changes, a missing file an empty list). A record whose value is a "
                            + "JSON object (strict UTF-8, at most 1 MiB read) with a top-level user_id in the file is "
                            + "dropped.",
                    GROUP,
                    1,
                    Width.LONG,
                    "Suppressed users file")
            .define(
                    CHECK_INTERVAL_MS,
                    Type.LONG,
                    10_000L,
                    Range.atLeast(100),
                    Importance.LOW,
                    "How often the file is checked for changes, in milliseconds.",
                    GROUP,
                    2,
                    Width.SHORT,
                    "Suppression check interval")
            .define(
                    MAX_ID_LENGTH,
                    Type.INT,
                    256,
                    Range.between(1, 65536),
                    Importance.LOW,
                    "Longest user id a line may hold: the parse transform's max.string.length (longer lines are "
                            + "skipped with a warning).",
                    GROUP,
                    3,
                    Width.SHORT,
                    "Max user id length");

    public DropSuppressedUsersConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    public String path() {
        return getString(PATH).trim();
    }

    public long checkIntervalMs() {
        return getLong(CHECK_INTERVAL_MS);
    }

    public int maxIdLength() {
        return getInt(MAX_ID_LENGTH);
    }
}
