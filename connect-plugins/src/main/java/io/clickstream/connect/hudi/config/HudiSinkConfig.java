package io.clickstream.connect.hudi.config;

import io.clickstream.connect.hudi.convert.BronzeRecordBuilder;
import io.clickstream.connect.hudi.convert.SchemaOverflow;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * Every configuration key of the Hudi sink. Keys outside the {@link ConfigDef} pass through by prefix:
 * {@code hoodie.*} to the Hudi write client (they win over the sink's table-service defaults),
 * {@code hadoop.*} and {@code fs.*} to the Hadoop {@code Configuration} as they are, and {@code control.kafka.*}
 * (prefix stripped) to the control topic's Kafka clients, e.g. for security settings.
 */
public final class HudiSinkConfig extends AbstractConfig {

    public enum RecordMode {
        BRONZE,
        STRUCTURED
    }

    public enum WriteOperation {
        INSERT,
        UPSERT
    }

    public enum TableType {
        COPY_ON_WRITE,
        MERGE_ON_READ
    }

    /** What a task does when the table's offsets cannot be continued: stop, or read from the log's start. */
    public enum OffsetsPolicy {
        FAIL,
        EARLIEST
    }

    public static final String TABLE_PATH = "table.path";
    public static final String TABLE_NAME = "table.name";
    public static final String TABLE_TYPE = "table.type";
    public static final String WRITE_OPERATION = "write.operation";
    public static final String RECORD_MODE = "record.mode";
    public static final String RECORD_KEY_FIELDS = "record.key.fields";
    public static final String PARTITION_PATH_FIELDS = "partition.path.fields";
    public static final String ORDERING_FIELD = "ordering.field";
    public static final String HEADER_COLUMNS = "header.columns";
    public static final String BRONZE_SCHEMA_VERSION = "bronze.schema.version";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String COMMIT_TIMEOUT_MS = "commit.timeout.ms";
    public static final String BUFFER_MAX_RECORDS = "buffer.max.records";
    public static final String BUFFER_MAX_BYTES = "buffer.max.bytes";
    public static final String MAX_PENDING_CHUNKS = "max.pending.chunks";
    public static final String COMMIT_MAX_RECORDS = "commit.max.records";
    public static final String COMMIT_MAX_BYTES = "commit.max.bytes";
    public static final String COMMIT_MAX_FAILURES = "commit.max.failures";
    public static final String COMMIT_DEADLINE_MS = "commit.deadline.ms";
    public static final String CONTROL_TOPIC = "control.topic";
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String OFFSETS_MISSING = "offsets.missing";
    public static final String OFFSETS_BEYOND_LOG_END = "offsets.beyond.log.end";
    public static final String SCHEMA_MAX_COLUMNS = "schema.max.columns";
    public static final String SCHEMA_OVERFLOW = "schema.overflow";

    /** Connect's own keys the sink reads too. */
    public static final String CONNECTOR_NAME = "name";

    public static final String TOPICS = "topics";
    public static final String TOPICS_REGEX = "topics.regex";

    public static final String HOODIE_PREFIX = "hoodie.";
    public static final String HADOOP_PREFIX = "hadoop.";
    public static final String FS_PREFIX = "fs.";
    public static final String CONTROL_KAFKA_PREFIX = "control.kafka.";

    public static final String DEFAULT_CONTROL_TOPIC = "clickstream-hudi-control";
    public static final long DEFAULT_COMMIT_MAX_BYTES = 256L * 1024 * 1024;
    public static final int DEFAULT_COMMIT_MAX_FAILURES = 10;
    public static final long DEFAULT_COMMIT_DEADLINE_MS = 300_000L;
    /** Shorter deadlines would abort ordinary commits: a commit point alone takes seconds on object storage. */
    public static final long MIN_COMMIT_DEADLINE_MS = 10_000L;

    public static final String DEFAULT_OFFSETS_MISSING = "fail";
    public static final String DEFAULT_OFFSETS_BEYOND_LOG_END = "fail";
    public static final int DEFAULT_SCHEMA_MAX_COLUMNS = 100;
    public static final String DEFAULT_SCHEMA_OVERFLOW = "dead-letter";

    /** Bronze columns an upsert may order copies by: never null. */
    static final Set<String> BRONZE_ORDERING_FIELDS =
            Set.of(BronzeRecordBuilder.KAFKA_OFFSET, BronzeRecordBuilder.INGEST_TIME);

    private static final String GROUP_TABLE = "Table";
    private static final String GROUP_RECORDS = "Records";
    private static final String GROUP_COMMIT = "Commit protocol";
    private static final String GROUP_OFFSETS = "Offsets";
    private static final String GROUP_SCHEMA = "Schema evolution";

    private static final Pattern TABLE_NAME_PATTERN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public static final ConfigDef CONFIG_DEF = configDef();

    private final Map<String, String> originals;

    public HudiSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        this.originals = Collections.unmodifiableMap(new LinkedHashMap<>(props));
        Map<String, String> problems = crossFieldProblems(this);
        if (!problems.isEmpty()) {
            Map.Entry<String, String> first = problems.entrySet().iterator().next();
            throw new ConfigException(first.getKey(), originals.get(first.getKey()), first.getValue());
        }
    }

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(
                TABLE_PATH,
                Type.STRING,
                ConfigDef.NO_DEFAULT_VALUE,
                new TablePathValidator(),
                Importance.HIGH,
                "URI of the Hudi table's base directory on any Hadoop file system (file:///..., hdfs://..., s3a://...). "
                        + "The table is created on the first commit.",
                GROUP_TABLE,
                ++order,
                Width.LONG,
                "Table path");
        def.define(
                TABLE_NAME,
                Type.STRING,
                ConfigDef.NO_DEFAULT_VALUE,
                new TableNameValidator(),
                Importance.HIGH,
                "Name of the Hudi table (letters, digits, underscore).",
                GROUP_TABLE,
                ++order,
                Width.MEDIUM,
                "Table name");
        def.define(
                TABLE_TYPE,
                Type.STRING,
                TableType.COPY_ON_WRITE.name(),
                enumValidator(TableType.class),
                Importance.MEDIUM,
                "COPY_ON_WRITE or MERGE_ON_READ (MOR tables are compacted inline every few commits).",
                GROUP_TABLE,
                ++order,
                Width.SHORT,
                "Table type");
        def.define(
                WRITE_OPERATION,
                Type.STRING,
                "insert",
                enumValidator(WriteOperation.class),
                Importance.MEDIUM,
                "insert (append-only, no key lookup) or upsert (one row per record key; the newest by ordering.field wins).",
                GROUP_TABLE,
                ++order,
                Width.SHORT,
                "Write operation");

        order = 0;
        def.define(
                RECORD_MODE,
                Type.STRING,
                "structured",
                enumValidator(RecordMode.class),
                Importance.HIGH,
                "bronze: the raw value kept as a string plus Kafka metadata columns, keyed by topic/partition/offset, "
                        + "partitioned by ingestion date, insert only. structured: Struct or schemaless Map/JSON object values "
                        + "become Avro records with matching fields.",
                GROUP_RECORDS,
                ++order,
                Width.SHORT,
                "Record mode");
        def.define(
                RECORD_KEY_FIELDS,
                Type.LIST,
                "",
                Importance.MEDIUM,
                "Comma-separated fields that form the Hudi record key (required for upsert). Structured mode: value "
                        + "fields. Bronze mode: header columns (header.columns), e.g. a dead-letter topic's origin headers, so "
                        + "copies of one letter are one row; a record lacking one of those headers is keyed by its own "
                        + "topic/partition/offset. Without it, insert writes keys made of topic/partition/offset.",
                GROUP_RECORDS,
                ++order,
                Width.MEDIUM,
                "Record key fields");
        def.define(
                PARTITION_PATH_FIELDS,
                Type.LIST,
                "",
                Importance.MEDIUM,
                "Structured mode: comma-separated value fields whose values form the partition path (e.g. an event date). "
                        + "Empty: an unpartitioned table.",
                GROUP_RECORDS,
                ++order,
                Width.MEDIUM,
                "Partition path fields");
        def.define(
                ORDERING_FIELD,
                Type.STRING,
                "",
                Importance.MEDIUM,
                "Field that orders versions of one key on upsert (largest wins): a value field in structured mode; "
                        + "kafka_offset or ingest_time in bronze mode. Empty: the latest commit wins.",
                GROUP_RECORDS,
                ++order,
                Width.MEDIUM,
                "Ordering field");
        def.define(
                HEADER_COLUMNS,
                Type.LIST,
                "",
                new HeaderColumnsValidator(),
                Importance.LOW,
                "Bronze mode: comma-separated column=header pairs; each named record header becomes an optional string "
                        + "column (its last value, as text), e.g. original_topic=__connect.errors.topic to keep a dead-letter "
                        + "topic's error context. Empty: no header columns.",
                GROUP_RECORDS,
                ++order,
                Width.LONG,
                "Header columns");
        def.define(
                BRONZE_SCHEMA_VERSION,
                Type.INT,
                BronzeRecordBuilder.CURRENT_VERSION,
                ConfigDef.Range.between(BronzeRecordBuilder.TEXT_VERSION, BronzeRecordBuilder.CURRENT_VERSION),
                Importance.LOW,
                "Bronze mode: the row layout. 2: value and key as bytes, every header (name and bytes, in order) and "
                        + "the value's top-level user_id; with ByteArrayConverter as key, value and header converter "
                        + "the row holds the record byte for byte. 1: the layout of tables written before version 2 "
                        + "(value as UTF-8 text, no key or headers); a task refuses to write one layout into a table "
                        + "of the other.",
                GROUP_RECORDS,
                ++order,
                Width.SHORT,
                "Bronze schema version");

        order = 0;
        def.define(
                COMMIT_INTERVAL_MS,
                Type.LONG,
                15_000L,
                ConfigDef.Range.atLeast(100L),
                Importance.HIGH,
                "How often the coordinator asks every task for its staged data and makes one Hudi commit. "
                        + "Each commit costs seconds of fixed overhead: larger intervals batch more per commit.",
                GROUP_COMMIT,
                ++order,
                Width.SHORT,
                "Commit interval");
        def.define(
                COMMIT_TIMEOUT_MS,
                Type.LONG,
                30_000L,
                ConfigDef.Range.atLeast(100L),
                Importance.MEDIUM,
                "How long the coordinator waits for every partition to answer a commit request before it commits "
                        + "what it has (the rest follows in a later commit).",
                GROUP_COMMIT,
                ++order,
                Width.SHORT,
                "Commit timeout");
        def.define(
                BUFFER_MAX_RECORDS,
                Type.INT,
                50_000,
                ConfigDef.Range.atLeast(1),
                Importance.MEDIUM,
                "Records a task buffers in memory before it stages them as a chunk without waiting for the coordinator.",
                GROUP_COMMIT,
                ++order,
                Width.SHORT,
                "Buffer max records");
        def.define(
                BUFFER_MAX_BYTES,
                Type.LONG,
                64L * 1024 * 1024,
                ConfigDef.Range.atLeast(1024L),
                Importance.MEDIUM,
                "Estimated bytes a task buffers in memory before it stages them as a chunk.",
                GROUP_COMMIT,
                ++order,
                Width.SHORT,
                "Buffer max bytes");
        def.define(
                MAX_PENDING_CHUNKS,
                Type.INT,
                20,
                ConfigDef.Range.atLeast(1),
                Importance.MEDIUM,
                "Staged chunks a task may have waiting for a commit before it pauses its partitions (back-pressure).",
                GROUP_COMMIT,
                ++order,
                Width.SHORT,
                "Max pending chunks");
        def.define(
                COMMIT_MAX_RECORDS,
                Type.LONG,
                100_000L,
                ConfigDef.Range.atLeast(1L),
                Importance.LOW,
                "Rows one Hudi commit takes at most; the coordinator holds them in memory while it writes, and reads up to "
                        + "as many of the next commit's rows ahead. Once the tasks "
                        + "have staged this many rows the coordinator commits without waiting for commit.interval.ms, so a "
                        + "backlog is written in full commits of this size, back to back.",
                GROUP_COMMIT,
                ++order,
                Width.SHORT,
                "Commit max records");
        def.define(
                COMMIT_MAX_BYTES,
                Type.LONG,
                DEFAULT_COMMIT_MAX_BYTES,
                ConfigDef.Range.atLeast(1024L),
                Importance.LOW,
                "Estimated bytes of rows one Hudi commit takes at most (the estimate buffer.max.bytes uses): with "
                        + "commit.max.records it bounds the coordinator's memory, which holds one commit's rows and reads as "
                        + "many ahead; a single chunk larger than this is still committed alone. Once the tasks have staged "
                        + "this much the coordinator commits without waiting for commit.interval.ms.",
                GROUP_COMMIT,
                ++order,
                Width.SHORT,
                "Commit max bytes");
        def.define(
                COMMIT_MAX_FAILURES,
                Type.INT,
                DEFAULT_COMMIT_MAX_FAILURES,
                ConfigDef.Range.atLeast(1),
                Importance.MEDIUM,
                "Failed commits in a row after which the task fails with the last error (a failed commit is retried "
                        + "every commit.interval.ms, so the default tolerates an outage of about ten intervals). An error "
                        + "retrying cannot heal (access denied on the table's storage, a schema Hudi refuses) fails the task "
                        + "at once. The count is the JMX attribute ConsecutiveCommitFailures of "
                        + "io.clickstream.connect:type=hudi-sink,connector=<name>.",
                GROUP_COMMIT,
                ++order,
                Width.SHORT,
                "Commit max failures");
        def.define(
                COMMIT_DEADLINE_MS,
                Type.LONG,
                DEFAULT_COMMIT_DEADLINE_MS,
                ConfigDef.Range.atLeast(MIN_COMMIT_DEADLINE_MS),
                Importance.LOW,
                "Longest a single commit (commit lock, read of the staged chunks, Hudi write, commit point) may run. Past it "
                        + "the commit is aborted: it never completes (the commit point refuses it), a warning names the commit "
                        + "and shows the coordinator thread's stack (what it was waiting on), and the coordinator restarts; its "
                        + "rows are committed by the next coordinator. An abort counts as a failed commit towards "
                        + "commit.max.failures, across restarts. Too short aborts legitimate large commits: a catch-up commit of "
                        + "commit.max.records rows on object storage can take a minute or more. Aborts are the JMX attribute "
                        + "AbortedCommits.",
                GROUP_COMMIT,
                ++order,
                Width.SHORT,
                "Commit deadline");
        def.define(
                CONTROL_TOPIC,
                Type.STRING,
                DEFAULT_CONTROL_TOPIC,
                new ConfigDef.NonEmptyString(),
                Importance.MEDIUM,
                "Single-partition topic carrying the commit protocol's messages (created if missing). Several connectors "
                        + "may share it: every message names its connector.",
                GROUP_COMMIT,
                ++order,
                Width.MEDIUM,
                "Control topic");
        def.define(
                BOOTSTRAP_SERVERS,
                Type.LIST,
                ConfigDef.NO_DEFAULT_VALUE,
                new NonEmptyList(),
                Importance.HIGH,
                "Kafka brokers of the control topic. Required because Connect does not hand its worker's connection "
                        + "settings to a sink task; control.kafka.* keys add client settings such as security.",
                GROUP_COMMIT,
                ++order,
                Width.LONG,
                "Bootstrap servers");

        order = 0;
        def.define(
                OFFSETS_MISSING,
                Type.STRING,
                DEFAULT_OFFSETS_MISSING,
                enumValidator(OffsetsPolicy.class),
                Importance.MEDIUM,
                "When the table has commits but none of them (active or archived timeline) carries the sink's Kafka "
                        + "offsets, e.g. a table written by another tool: fail stops the task with a message naming this key; "
                        + "earliest reads every partition from the start of its topic (records already in the table are "
                        + "written again).",
                GROUP_OFFSETS,
                ++order,
                Width.SHORT,
                "Table without sink offsets");
        def.define(
                OFFSETS_BEYOND_LOG_END,
                Type.STRING,
                DEFAULT_OFFSETS_BEYOND_LOG_END,
                enumValidator(OffsetsPolicy.class),
                Importance.MEDIUM,
                "When the table's offset of a partition is beyond the partition's log end offset (the topic was deleted "
                        + "and re-created, or restored): fail stops the task with a message naming the partition, both offsets "
                        + "and this key; earliest lowers the table's offset of that partition to the log's start offset in an "
                        + "offsets-only commit and reads the partition from there.",
                GROUP_OFFSETS,
                ++order,
                Width.SHORT,
                "Table offsets beyond the log end");

        order = 0;
        def.define(
                SCHEMA_MAX_COLUMNS,
                Type.INT,
                DEFAULT_SCHEMA_MAX_COLUMNS,
                ConfigDef.Range.between(1, 10_000),
                Importance.MEDIUM,
                "Structured mode: most data columns the table may ever have (Hudi's _hoodie_ columns not counted). Columns "
                        + "are never dropped, so every field name that once appears stays a column for good: a record whose "
                        + "new fields would take the table past this is handled as schema.overflow says.",
                GROUP_SCHEMA,
                ++order,
                Width.SHORT,
                "Max columns");
        def.define(
                SCHEMA_OVERFLOW,
                Type.STRING,
                DEFAULT_SCHEMA_OVERFLOW,
                ConfigDef.ValidString.in("dead-letter", "drop-field"),
                Importance.MEDIUM,
                "Structured mode: what becomes of a record with a new field the table may not take as a column (past "
                        + "schema.max.columns, a name equal to a column or another new field ignoring case, a name starting "
                        + "with _hoodie_): dead-letter sends the record to the dead-letter queue with a reason naming the field "
                        + "and the rule; drop-field writes the record without those fields (logged once per field name, "
                        + "counted in the task's fields-dropped metric).",
                GROUP_SCHEMA,
                ++order,
                Width.SHORT,
                "Schema overflow");
        ObjectStoreSettings.define(def);
        return def;
    }

    /** Problems that involve several keys, keyed by the key to blame; empty when the combination is valid. */
    public static Map<String, String> crossFieldProblems(AbstractConfig config) {
        Map<String, String> problems = new LinkedHashMap<>();
        RecordMode mode = RecordMode.valueOf(config.getString(RECORD_MODE).toUpperCase(Locale.ROOT));
        WriteOperation op =
                WriteOperation.valueOf(config.getString(WRITE_OPERATION).toUpperCase(Locale.ROOT));
        List<String> keyFields = config.getList(RECORD_KEY_FIELDS);
        if (mode == RecordMode.BRONZE) {
            Set<String> headerColumns =
                    headerColumns(config.getList(HEADER_COLUMNS)).keySet();
            if (op == WriteOperation.UPSERT && keyFields.isEmpty()) {
                problems.put(
                        WRITE_OPERATION,
                        "bronze mode is append-only unless record.key.fields names header columns "
                                + "to key rows by: use insert");
            }
            if (op == WriteOperation.INSERT && !keyFields.isEmpty()) {
                problems.put(
                        RECORD_KEY_FIELDS,
                        "bronze insert keys rows by topic/partition/offset: leave it empty, or "
                                + "upsert by these header columns");
            }
            keyFields.stream()
                    .filter(f -> !headerColumns.contains(f))
                    .findFirst()
                    .ifPresent(f -> problems.put(
                            RECORD_KEY_FIELDS,
                            "bronze mode keys rows by header columns only: '" + f + "' is not one of header.columns"));
            if (!config.getList(PARTITION_PATH_FIELDS).isEmpty()) {
                problems.put(PARTITION_PATH_FIELDS, "bronze mode partitions by ingestion date: leave it empty");
            }
            String ordering = config.getString(ORDERING_FIELD);
            if (!ordering.isEmpty() && (op != WriteOperation.UPSERT || !BRONZE_ORDERING_FIELDS.contains(ordering))) {
                problems.put(
                        ORDERING_FIELD,
                        "bronze mode orders only upserts, by kafka_offset or ingest_time: leave it "
                                + "empty or name one of them");
            }
        } else {
            if (op == WriteOperation.UPSERT && keyFields.isEmpty()) {
                problems.put(RECORD_KEY_FIELDS, "upsert needs the fields that identify a row");
            }
            if (!config.getList(HEADER_COLUMNS).isEmpty()) {
                problems.put(HEADER_COLUMNS, "header columns are a bronze mode feature: leave it empty");
            }
        }
        ObjectStoreSettings.lockProblem(
                        config.getString(TABLE_PATH),
                        config.originals(),
                        config.getBoolean(ObjectStoreSettings.SINGLE_WRITER))
                .ifPresent(reason -> problems.put(ObjectStoreSettings.LOCK_PROVIDER, reason));
        return problems;
    }

    public String tablePath() {
        return getString(TABLE_PATH);
    }

    public String tableName() {
        return getString(TABLE_NAME);
    }

    public TableType tableType() {
        return TableType.valueOf(getString(TABLE_TYPE).toUpperCase(Locale.ROOT));
    }

    public WriteOperation writeOperation() {
        return WriteOperation.valueOf(getString(WRITE_OPERATION).toUpperCase(Locale.ROOT));
    }

    public RecordMode recordMode() {
        return RecordMode.valueOf(getString(RECORD_MODE).toUpperCase(Locale.ROOT));
    }

    public List<String> recordKeyFields() {
        return getList(RECORD_KEY_FIELDS);
    }

    public List<String> partitionPathFields() {
        return getList(PARTITION_PATH_FIELDS);
    }

    public String orderingField() {
        return getString(ORDERING_FIELD);
    }

    public int schemaMaxColumns() {
        return getInt(SCHEMA_MAX_COLUMNS);
    }

    public SchemaOverflow schemaOverflow() {
        return SchemaOverflow.of(getString(SCHEMA_OVERFLOW));
    }

    /** Bronze header columns, column name to header name, in configured order. */
    public int bronzeSchemaVersion() {
        return getInt(BRONZE_SCHEMA_VERSION);
    }

    public Map<String, String> headerColumns() {
        return headerColumns(getList(HEADER_COLUMNS));
    }

    private static Map<String, String> headerColumns(List<String> pairs) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                columns.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return columns;
    }

    public long commitIntervalMs() {
        return getLong(COMMIT_INTERVAL_MS);
    }

    public long commitTimeoutMs() {
        return getLong(COMMIT_TIMEOUT_MS);
    }

    public int bufferMaxRecords() {
        return getInt(BUFFER_MAX_RECORDS);
    }

    public long bufferMaxBytes() {
        return getLong(BUFFER_MAX_BYTES);
    }

    public int maxPendingChunks() {
        return getInt(MAX_PENDING_CHUNKS);
    }

    public long commitMaxRecords() {
        return getLong(COMMIT_MAX_RECORDS);
    }

    public long commitMaxBytes() {
        return getLong(COMMIT_MAX_BYTES);
    }

    public int commitMaxFailures() {
        return getInt(COMMIT_MAX_FAILURES);
    }

    public long commitDeadlineMs() {
        return getLong(COMMIT_DEADLINE_MS);
    }

    public OffsetsPolicy offsetsMissing() {
        return OffsetsPolicy.valueOf(getString(OFFSETS_MISSING).toUpperCase(Locale.ROOT));
    }

    public OffsetsPolicy offsetsBeyondLogEnd() {
        return OffsetsPolicy.valueOf(getString(OFFSETS_BEYOND_LOG_END).toUpperCase(Locale.ROOT));
    }

    public String controlTopic() {
        return getString(CONTROL_TOPIC);
    }

    public String bootstrapServers() {
        return String.join(",", getList(BOOTSTRAP_SERVERS));
    }

    /** The connector's name as Connect passes it in every connector and task config; names its control messages. */
    public String connectorName() {
        String name = originals.get(CONNECTOR_NAME);
        return name == null || name.isBlank() ? tableName() : name;
    }

    /** The sink's topics in configured order; empty with {@code topics.regex}. */
    public List<String> topics() {
        String topics = originals.get(TOPICS);
        if (topics == null || topics.isBlank()) {
            return List.of();
        }
        return List.of(topics.trim().split("\\s*,\\s*"));
    }

    public Map<String, String> hoodieProperties() {
        return withPrefix(HOODIE_PREFIX, false);
    }

    public Map<String, String> hadoopProperties() {
        Map<String, String> props = withPrefix(HADOOP_PREFIX, false);
        props.putAll(withPrefix(FS_PREFIX, false));
        return props;
    }

    public Map<String, String> controlKafkaProperties() {
        return withPrefix(CONTROL_KAFKA_PREFIX, true);
    }

    public Map<String, String> originalStrings() {
        return originals;
    }

    private Map<String, String> withPrefix(String prefix, boolean strip) {
        Map<String, String> result = new LinkedHashMap<>();
        originals.forEach((k, v) -> {
            if (k.startsWith(prefix) && v != null) {
                result.put(strip ? k.substring(prefix.length()) : k, v);
            }
        });
        return result;
    }

    private static <E extends Enum<E>> ConfigDef.Validator enumValidator(Class<E> type) {
        String[] names = java.util.Arrays.stream(type.getEnumConstants())
                .flatMap(e -> java.util.stream.Stream.of(e.name(), e.name().toLowerCase(Locale.ROOT)))
                .toArray(String[]::new);
        return ConfigDef.ValidString.in(names);
    }

    /** A table path must be an absolute URI or an absolute local path; a typo here would scatter data elsewhere. */
    static final class TablePathValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank()) {
                throw new ConfigException(
                        name, value, "must be a URI such as file:///data/table or s3a://bucket/table");
            }
            try {
                URI uri = new URI(value.toString().trim());
                boolean absoluteLocal = uri.getScheme() == null
                        && uri.getPath() != null
                        && uri.getPath().startsWith("/");
                if (!absoluteLocal
                        && (uri.getScheme() == null
                                || uri.getPath() == null
                                || uri.getPath().isEmpty())) {
                    throw new ConfigException(
                            name, value, "must be an absolute URI with a path, e.g. file:///data/table");
                }
            } catch (URISyntaxException e) {
                throw new ConfigException(name, value, "is not a valid URI: " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "an absolute URI (file:///..., hdfs://..., s3a://...)";
        }
    }

    static final class NonEmptyList implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || ((List<?>) value).isEmpty()) {
                throw new ConfigException(name, value, "must list at least one host:port");
            }
        }

        @Override
        public String toString() {
            return "a non-empty list of host:port";
        }
    }

    static final class TableNameValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || !TABLE_NAME_PATTERN.matcher(value.toString()).matches()) {
                throw new ConfigException(
                        name, value, "must be letters, digits and underscores, not starting with a digit");
            }
        }

        @Override
        public String toString() {
            return "[A-Za-z_][A-Za-z0-9_]*";
        }
    }

    /** Each entry {@code column=header}: a new, valid column name (not one of Bronze's own) and a non-empty header. */
    static final class HeaderColumnsValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            Set<String> seen = new HashSet<>(BronzeRecordBuilder.OWN_COLUMNS);
            for (Object entry : (List<?>) value) {
                String pair = entry.toString();
                int eq = pair.indexOf('=');
                if (eq < 0 || pair.substring(eq + 1).isBlank()) {
                    throw new ConfigException(name, value, "entry '" + pair + "' must be column=header");
                }
                String column = pair.substring(0, eq).trim();
                if (!TABLE_NAME_PATTERN.matcher(column).matches()) {
                    throw new ConfigException(
                            name,
                            value,
                            "column '" + column
                                    + "' must be letters, digits and underscores, not starting with a digit");
                }
                if (!seen.add(column.toLowerCase(Locale.ROOT))) {
                    throw new ConfigException(
                            name,
                            value,
                            "column '" + column + "' is named twice or is a Bronze column "
                                    + "(ignoring case, as Spark resolves names)");
                }
            }
        }

        @Override
        public String toString() {
            return "column=header,... (column: [A-Za-z_][A-Za-z0-9_]*)";
        }
    }
}
