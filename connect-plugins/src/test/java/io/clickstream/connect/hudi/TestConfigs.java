package io.clickstream.connect.hudi;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Minimal valid sink configurations for tests. */
public final class TestConfigs {

    private TestConfigs() {}

    public static Map<String, String> structured(Path table) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "test-sink");
        props.put("topics", "events");
        props.put(HudiSinkConfig.TABLE_PATH, table.toUri().toString());
        props.put(HudiSinkConfig.TABLE_NAME, "events");
        props.put(HudiSinkConfig.BOOTSTRAP_SERVERS, "localhost:1");
        props.put(HudiSinkConfig.RECORD_MODE, "structured");
        return props;
    }

    public static Map<String, String> bronze(Path table) {
        Map<String, String> props = structured(table);
        props.put(HudiSinkConfig.RECORD_MODE, "bronze");
        return props;
    }
}
