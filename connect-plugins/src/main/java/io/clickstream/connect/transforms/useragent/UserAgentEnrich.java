package io.clickstream.connect.transforms.useragent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.clickstream.connect.transforms.Enrichment;
import io.clickstream.connect.transforms.RecordSide;
import io.clickstream.contract.SilverSchema;
import java.util.Map;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;

/**
 * Adds the user-agent columns of {@code SilverFields} (browser family and version, OS family and version, device
 * class, bot flag) to a struct or map record part, from the agent string in {@code useragent.field}, with Yauaa.
 * Use {@link Value} or {@link Key}.
 *
 * <p>Contract: a null or blank agent gives null columns; any string gives columns (unknown parts null); a field
 * that is not a string, or a part that is neither struct nor map, raises a {@code DataException} naming the field.
 * A null record part (tombstone) passes unchanged. Results are cached per agent string in a bounded cache.
 */
public abstract class UserAgentEnrich<R extends ConnectRecord<R>> extends Enrichment<R> {

    public static final String OVERVIEW_DOC = "Add user-agent columns (browser_family, browser_version, os_family, "
            + "os_version, device_class: desktop/mobile/tablet/bot/other, is_bot: crawlers, scripts and headless "
            + "browsers) parsed with Yauaa from the user-agent field, cached per agent string (bounded). The analyzer "
            + "is built once per worker JVM. Use the concrete transformation type designed for the record key (<code>"
            + Key.class.getName() + "</code>) or value (<code>" + Value.class.getName() + "</code>).";

    public static final ConfigDef CONFIG_DEF = UserAgentConfig.CONFIG_DEF;

    /**
     * Longest agent whose columns are cached: real agents are a few hundred characters; caching up to max.text.length
     * (2,048) each would let the default 10,000 entries hold ~40 MB per task. Longer ones are parsed every time.
     */
    static final int MAX_CACHED_LENGTH = 512;

    private String field;
    private UserAgentAnalyzer analyzer;
    private Cache<String, AgentDescription> cache;

    @Override
    public void configure(Map<String, ?> configs) {
        UserAgentConfig config = new UserAgentConfig(configs);
        field = config.field();
        analyzer = SharedAnalyzer.get(config.maxLength());
        cache = config.cacheSize() > 0
                ? Caffeine.newBuilder()
                        .executor(Runnable::run)
                        .maximumSize(config.cacheSize())
                        .<String, AgentDescription>build()
                : null;
        enrich(UserAgentConfig.FIELD, field, SilverSchema.USER_AGENT_COLUMNS);
    }

    @Override
    protected Object[] values(Object source) {
        return describe(source).values();
    }

    AgentDescription describe(Object value) {
        if (value == null) {
            return AgentDescription.NONE;
        }
        if (!(value instanceof String agent)) {
            throw new DataException("field '" + field + "': must be a string, got "
                    + value.getClass().getSimpleName());
        }
        return cache == null || agent.length() > MAX_CACHED_LENGTH ? parse(agent) : cache.get(agent, this::parse);
    }

    private AgentDescription parse(String agent) {
        return agent.isBlank() ? AgentDescription.NONE : AgentDescription.of(analyzer.parse(agent));
    }

    /** Agent strings in the cache now (for tests; Caffeine evicts asynchronously, so call after {@code cleanUp}). */
    long cachedAgents() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return cache.estimatedSize();
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    /** Enriches the record key. */
    public static final class Key<R extends ConnectRecord<R>> extends UserAgentEnrich<R> {
        @Override
        protected RecordSide side() {
            return RecordSide.KEY;
        }
    }

    /** Enriches the record value. */
    public static final class Value<R extends ConnectRecord<R>> extends UserAgentEnrich<R> {
        @Override
        protected RecordSide side() {
            return RecordSide.VALUE;
        }
    }
}
