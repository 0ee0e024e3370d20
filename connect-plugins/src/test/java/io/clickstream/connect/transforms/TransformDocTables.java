package io.clickstream.connect.transforms;

import io.clickstream.connect.transforms.geoip.GeoIpEnrich;
import io.clickstream.connect.transforms.parse.ParseClickEvent;
import io.clickstream.connect.transforms.suppress.DropSuppressedUsers;
import io.clickstream.connect.transforms.useragent.UserAgentEnrich;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;

/**
 * The configuration tables of docs/transforms.md, made from the transforms' {@link ConfigDef}s: one Markdown row per
 * key (key, type, default, valid values, meaning). {@code TransformsDocumentationTest} checks the document holds
 * exactly these rows; {@code main} prints them to paste after a change.
 */
public final class TransformDocTables {
    private TransformDocTables() {}

    /** Transform name → its rows. */
    public static Map<String, List<String>> tables() {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        tables.put("ParseClickEvent", rows(ParseClickEvent.CONFIG_DEF));
        tables.put("GeoIpEnrich", rows(GeoIpEnrich.CONFIG_DEF));
        tables.put("UserAgentEnrich", rows(UserAgentEnrich.CONFIG_DEF));
        tables.put("DropSuppressedUsers", rows(DropSuppressedUsers.CONFIG_DEF));
        return tables;
    }

    private static List<String> rows(ConfigDef def) {
        List<String> rows = new ArrayList<>();
        for (ConfigKey key : def.configKeys().values()) {
            String defaultValue =
                    key.hasDefault() ? "`" + ConfigDef.convertToString(key.defaultValue, key.type) + "`" : "required";
            rows.add("| `" + key.name + "` | " + key.type.name().toLowerCase() + " | " + defaultValue + " | "
                    + (key.validator == null ? "" : key.validator.toString().replace("|", "\\|")) + " | "
                    + key.documentation.replace("|", "\\|") + " |");
        }
        return rows;
    }

    public static void main(String[] args) {
        tables().forEach((name, rows) -> {
            System.out.println("### " + name);
            rows.forEach(System.out::println);
            System.out.println();
        });
    }
}
