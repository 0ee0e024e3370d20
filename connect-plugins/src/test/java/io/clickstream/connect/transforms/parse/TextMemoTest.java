package io.clickstream.connect.transforms.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TextMemoTest {
    private final AtomicInteger computed = new AtomicInteger();

    private TextMemo<String> memo() {
        return new TextMemo<>(
                EventValidator.URL_CACHE_SIZE,
                EventValidator.URL_CACHE_CHARS,
                EventValidator.URL_CACHE_MAX_URL_LENGTH,
                text -> {
                    computed.incrementAndGet();
                    return text.substring(0, 8);
                });
    }

    @Test
    void longTextsNeverHoldMoreThanTheCharacterBound() {
        TextMemo<String> memo = memo();
        for (int i = 0; i < 20_000; i++) {
            String url = "https://shop.example.com/p/" + i + "/" + "x".repeat(400 + i % 100);
            memo.get(url);
            assertThat(memo.chars())
                    .as("characters kept after %d URLs", i + 1)
                    .isLessThanOrEqualTo(EventValidator.URL_CACHE_CHARS);
        }
    }

    @Test
    void aTextOverTheLengthBoundIsComputedEveryTimeAndNotKept() {
        TextMemo<String> memo = memo();
        String huge = "https://shop.example.com/" + "y".repeat(2_000);
        memo.get(huge);
        memo.get(huge);
        assertThat(computed).as("computations of a 2,025-character text").hasValue(2);
        assertThat(memo.size()).as("texts kept").isZero();
    }

    @Test
    void aShortTextIsComputedOnceAndKept() {
        TextMemo<String> memo = memo();
        for (int i = 0; i < 3; i++) {
            assertThat(memo.get("https://shop.example.com/p/P1")).as("value").isEqualTo("https://");
        }
        assertThat(computed).as("computations").hasValue(1);
        assertThat(memo.chars()).as("characters kept").isEqualTo("https://shop.example.com/p/P1".length());
    }
}
