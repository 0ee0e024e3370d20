package io.clickstream.connect.transforms.parse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A bounded memo of values computed from text (the parsed parts of page URLs and referrers): a concurrent map that
 * is emptied when it reaches its size and a new text arrives. A hit costs the text's hash, one table probe and one
 * {@code equals}; a general cache's bookkeeping on every read (Caffeine's read buffers and frequency sketch) cost
 * several times that on this per-record path. The price is a burst of recomputation after each emptying when more
 * distinct texts than the size are in use; no policy decides which ones to keep.
 *
 * <p>Thread-safe. {@code compute} must be a pure function of the text, and may throw: nothing is stored then.
 */
final class TextMemo<V> {
  private final Map<String, V> values = new ConcurrentHashMap<>();
  private final int size;
  private final Function<String, V> compute;

  TextMemo(int size, Function<String, V> compute) {
    this.size = size;
    this.compute = compute;
  }

  V get(String text) {
    V value = values.get(text);
    if (value == null) {
      value = compute.apply(text);
      if (values.size() >= size) {
        values.clear();
      }
      values.put(text, value);
    }
    return value;
  }
}
