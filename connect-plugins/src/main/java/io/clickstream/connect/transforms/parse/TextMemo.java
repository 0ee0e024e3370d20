package io.clickstream.connect.transforms.parse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A bounded memo of values computed from text (the parsed parts of page URLs and referrers): a concurrent map that
 * is emptied when it would pass its entries or its characters and a new text arrives; a text longer than
 * {@code maxTextLength} is computed every time and never kept. A hit costs the text's hash, one table probe and one
 * {@code equals}; a general cache's bookkeeping on every read (Caffeine's read buffers and frequency sketch) cost
 * several times that on this per-record path. The price is a burst of recomputation after each emptying when more
 * distinct texts than the bounds are in use; no policy decides which ones to keep.
 *
 * <p>Bounded by weight, not only by count: a count alone lets long texts (10,000 URLs of 2,048 characters, with what
 * is derived from them) hold tens of MiB. The characters kept are at most {@code maxChars} (approximately so under
 * concurrent use; a task's transform has one thread).
 *
 * <p>Thread-safe. {@code compute} must be a pure function of the text, and may throw: nothing is stored then.
 */
final class TextMemo<V> {
    private final Map<String, V> values = new ConcurrentHashMap<>();
    private final AtomicLong chars = new AtomicLong();
    private final int maxEntries;
    private final long maxChars;
    private final int maxTextLength;
    private final Function<String, V> compute;

    TextMemo(int maxEntries, long maxChars, int maxTextLength, Function<String, V> compute) {
        this.maxEntries = maxEntries;
        this.maxChars = maxChars;
        this.maxTextLength = maxTextLength;
        this.compute = compute;
    }

    V get(String text) {
        V value = values.get(text);
        if (value == null) {
            value = compute.apply(text);
            if (text.length() > maxTextLength) {
                return value;
            }
            if (values.size() >= maxEntries || chars.get() + text.length() > maxChars) {
                values.clear();
                chars.set(0);
            }
            if (values.put(text, value) == null) {
                chars.addAndGet(text.length());
            }
        }
        return value;
    }

    /** Characters of the texts kept. */
    long chars() {
        return chars.get();
    }

    /** Texts kept. */
    int size() {
        return values.size();
    }
}
