package io.clickstream.connect.transforms.useragent;

import io.clickstream.connect.transforms.FieldNameValidator;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Every configuration key of {@link UserAgentEnrich}. */
public final class UserAgentConfig extends AbstractConfig {
    public static final String FIELD = "useragent.field";
    public static final String CACHE_SIZE = "useragent.cache.size";
    public static final String MAX_LENGTH = "useragent.max.length";

    public static final String DEFAULT_FIELD = "user_agent";
    public static final int DEFAULT_CACHE_SIZE = 10_000;
    public static final int DEFAULT_MAX_LENGTH = 2048;

    private static final String GROUP = "User agent";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    FIELD,
                    Type.STRING,
                    DEFAULT_FIELD,
                    new FieldNameValidator(),
                    Importance.MEDIUM,
                    "The field holding the User-Agent header. A null or empty agent gives null columns. A struct record "
                            + "whose schema has no such field fails the task (a misnamed field would reject every record).",
                    GROUP,
                    1,
                    Width.MEDIUM,
                    "User-agent field")
            .define(
                    CACHE_SIZE,
                    Type.INT,
                    DEFAULT_CACHE_SIZE,
                    Range.between(0, 10_000_000),
                    Importance.LOW,
                    "Distinct agent strings whose columns are kept (a bounded Caffeine cache: the least useful entries "
                            + "go first); a hit costs a hash lookup, a miss a full parse (see docs/benchmarks.md). Agents over 512 "
                            + "characters are never kept (a few MiB per task at most). 0 disables the cache.",
                    GROUP,
                    2,
                    Width.SHORT,
                    "Cache size")
            .define(
                    MAX_LENGTH,
                    Type.INT,
                    DEFAULT_MAX_LENGTH,
                    Range.between(64, 65_536),
                    Importance.LOW,
                    "Longest agent string Yauaa analyses (its withUserAgentMaxLength); parsing cost grows with length.",
                    GROUP,
                    3,
                    Width.SHORT,
                    "Max agent length");

    public UserAgentConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    public String field() {
        return getString(FIELD);
    }

    public int cacheSize() {
        return getInt(CACHE_SIZE);
    }

    public int maxLength() {
        return getInt(MAX_LENGTH);
    }
}
