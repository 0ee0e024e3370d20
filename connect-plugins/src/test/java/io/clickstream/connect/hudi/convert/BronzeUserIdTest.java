package io.clickstream.connect.hudi.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BronzeUserIdTest {

    private static String of(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return BronzeUserId.of(bytes, 0, bytes.length);
    }

    @Test
    void theTopLevelUserIdStringOfAJsonObject() {
        assertThat(of("{\"event_id\":\"e\",\"user_id\":\"user-42\",\"n\":1}")).isEqualTo("user-42");
        assertThat(of("  \n{\"nested\":{\"user_id\":\"inner\"},\"list\":[{\"user_id\":\"x\"}],\"user_id\":\"outer\"}"))
                .as("nested ones are skipped")
                .isEqualTo("outer");
        assertThat(of("{\"user_id\":\"first\",\"user_id\":\"second\"}"))
                .as("the first")
                .isEqualTo("first");
        assertThat(of("{\"user_id\":\"caf\\u00e9 \\ud83d\\ude00\"}"))
                .as("escapes decoded")
                .isEqualTo("café 😀");
    }

    @Test
    void nullWhereThereIsNoStorableId() {
        assertThat(of("{\"event_id\":\"e\"}")).as("absent").isNull();
        assertThat(of("{\"user_id\":42}")).as("not a string").isNull();
        assertThat(of("{\"user_id\":null}")).as("null").isNull();
        assertThat(of("{\"user_id\":\"\"}")).as("empty").isNull();
        assertThat(of("{\"user_id\":\"" + "u".repeat(257) + "\"}"))
                .as("longer than Silver takes")
                .isNull();
        assertThat(of("{\"user_id\":\"" + "u".repeat(256) + "\"}")).hasSize(256);
        assertThat(of("{\"user_id\":\"a\\u0000b\"}")).as("a control character").isNull();
        assertThat(of("{\"user_id\":\"a\\ud800b\"}"))
                .as("a lone surrogate: not storable as written")
                .isNull();
        assertThat(of("[{\"user_id\":\"u\"}]")).as("an array").isNull();
        assertThat(of("\"user_id\"")).as("a string").isNull();
        assertThat(of("{\"user_id\":\"u\""))
                .as("the id read before the JSON breaks")
                .isEqualTo("u");
        assertThat(of("{\"a\":tru, \"user_id\":\"u\"}"))
                .as("broken before the id")
                .isNull();
        assertThat(of("")).isNull();
        assertThat(BronzeUserId.of(null, 0, 0)).isNull();
    }

    @Test
    void boundedBeforeWork() {
        String deep = "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + ",\"user_id\":\"u\"}";
        assertThat(of(deep)).as("nesting beyond the bound").isNull();
        String big = "{\"user_id\":\"u\",\"pad\":\"" + "x".repeat(BronzeUserId.MAX_VALUE_BYTES) + "\"}";
        assertThat(of(big)).as("a value over the size bound is not read").isNull();
        byte[] invalid = {'{', '"', 'u', 's', 'e', 'r', '_', 'i', 'd', '"', ':', '"', (byte) 0xff, '"', '}'};
        assertThat(BronzeUserId.of(invalid, 0, invalid.length))
                .as("invalid UTF-8 in the id")
                .isNull();
        byte[] framed = "xx{\"user_id\":\"mid\"}yy".getBytes(StandardCharsets.UTF_8);
        assertThat(BronzeUserId.of(framed, 2, framed.length - 4))
                .as("an offset and length")
                .isEqualTo("mid");
        byte[] brokenAfter = framed.clone();
        brokenAfter[framed.length - 1] = (byte) 0xff; // outside the length
        assertThat(BronzeUserId.of(brokenAfter, 2, framed.length - 4)).isEqualTo("mid");
        brokenAfter[framed.length - 2] = (byte) 0xc3; // inside it, after the object: the value is not UTF-8
        assertThat(BronzeUserId.of(brokenAfter, 2, framed.length - 3)).isNull();
        byte[] overlong = {
            '{', '"', 'u', 's', 'e', 'r', '_', 'i', 'd', '"', ':', '"', (byte) 0xc1, (byte) 0x81, '"', '}'
        };
        assertThat(BronzeUserId.of(overlong, 0, overlong.length))
                .as("an overlong form")
                .isNull();
    }
}
