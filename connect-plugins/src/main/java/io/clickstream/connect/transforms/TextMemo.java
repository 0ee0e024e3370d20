package io.clickstream.connect.transforms;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A bounded memo of values computed from text (parsed URLs, located addresses): a concurrent map that is emptied
 * when it reaches its size and a new text arrives. A hit costs the text's hash, one table probe and one
 * {@code equals}; a general cache's bookkeeping on every read (Caffeine's read buffers and frequency sketch) cost
 * several times that on the per-record path. The price is a burst of recomputation after each emptying when more
 * distinct texts than the size are in use; no policy decides which ones to keep.
 *
 * <p>Thread-safe. The computing function must be a pure function of the text (for as long as the memo is not
 * {@link #clear() cleared}), and may throw: nothing is stored then.
 */
public final class TextMemo<V> {
  private final Map<String, V> values = new ConcurrentHashMap<>();
  private final int size;

  /** A memo of at most {@code size} (at least 1) values. */
  public TextMemo(int size) {
    this.size = Math.max(1, size);
  }

  public V get(String text, Function<String, V> compute) {
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

  public void clear() {
    values.clear();
  }

  public int size() {
    return values.size();
  }
}
