package io.clickstream.connect.transforms.suppress;

import io.clickstream.connect.text.Quoted;
import io.clickstream.connect.text.TextChecks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users whose events are dropped ({@code suppressed.users.path} of the parse transform and of
 * {@link DropSuppressedUsers}): read from a file at start, read again when its size or modification time has changed,
 * checked at most once per interval on the record path (a file's attributes, no read, while it is unchanged). A file
 * that does not exist at start is an empty list until it does (the forget command creates it); one that exists but
 * cannot be read at start fails the transform's configuration; one that cannot be read later, or is deleted, leaves
 * the last list in force, with a warning, and is tried again at the next check. Not thread-safe: one per transform instance (a task's records
 * come one at a time).
 */
public final class SuppressedUsers {

    private static final Logger LOG = LoggerFactory.getLogger(SuppressedUsers.class);

    /** Larger files are refused before they are read: a million ids of 64 characters fit. */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    public static final SuppressedUsers NONE = new SuppressedUsers(null, Long.MAX_VALUE, 0, () -> 0L);

    private final Path file;
    private final long checkIntervalNanos;
    private final LongSupplier nanoClock;
    private final int maxIdLength;
    private Set<String> ids = Set.of();
    private long size = -1;
    private long modified = -1;
    private long nextCheck;
    private long dropped;

    private SuppressedUsers(Path file, long checkIntervalMs, int maxIdLength, LongSupplier nanoClock) {
        this.file = file;
        this.maxIdLength = maxIdLength;
        this.checkIntervalNanos = checkIntervalMs == Long.MAX_VALUE ? Long.MAX_VALUE : checkIntervalMs * 1_000_000L;
        this.nanoClock = nanoClock;
    }

    /**
     * @param path        the file; empty for none
     * @param maxIdLength the longest user id the parse transform accepts ({@code max.string.length})
     * @throws ConfigException when the file exists but cannot be read, naming {@code key}
     */
    public static SuppressedUsers of(
            String key, String path, long checkIntervalMs, int maxIdLength, LongSupplier nanoClock) {
        if (path.isEmpty()) {
            return NONE;
        }
        SuppressedUsers users = new SuppressedUsers(Path.of(path), checkIntervalMs, maxIdLength, nanoClock);
        try {
            users.reload();
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(key, path, "cannot read the suppressed users: " + e);
        }
        users.nextCheck = nanoClock.getAsLong() + users.checkIntervalNanos;
        return users;
    }

    /** True when the events of {@code userId} are dropped; counts them. */
    public boolean drops(Object userId) {
        if (file == null) {
            return false;
        }
        long now = nanoClock.getAsLong();
        if (now - nextCheck >= 0) {
            nextCheck = now + checkIntervalNanos;
            try {
                reload();
            } catch (IOException | RuntimeException e) {
                LOG.warn(
                        "Cannot read the suppressed users file {} ({}); the {} ids read before stay in force",
                        file,
                        e.toString(),
                        ids.size());
            }
        }
        if (userId instanceof String id && ids.contains(id)) {
            dropped++;
            if (Long.bitCount(dropped) == 1) { // 1, 2, 4, 8, ...: a trace without a line per event
                LOG.info("Dropped {} events of suppressed users since the transform started", dropped);
            }
            return true;
        }
        return false;
    }

    /** Events dropped since the transform started. */
    public long dropped() {
        return dropped;
    }

    public int size() {
        return ids.size();
    }

    /** Reads the file when its size or modification time differs from the last read. */
    private void reload() throws IOException {
        if (!Files.exists(file)) {
            if (size >= 0) {
                throw new IOException(file + " no longer exists"); // the last list stays: no one comes back
            }
            if (size == -1) {
                LOG.warn("The suppressed users file {} does not exist: no user is suppressed until it does", file);
                size = -2;
            }
            return;
        }
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        long newSize = attributes.size();
        long newModified = attributes.lastModifiedTime().toMillis();
        if (newSize == size && newModified == modified) {
            return;
        }
        if (newSize > MAX_FILE_BYTES) {
            throw new IOException(file + " holds " + newSize + " bytes, more than the " + MAX_FILE_BYTES + " allowed");
        }
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not UTF-8 text", e);
        }
        Set<String> read = new HashSet<>();
        int skipped = 0;
        int lineNumber = 0;
        for (String line : text.split("\r?\n")) {
            lineNumber++;
            String id = line.strip();
            if (id.isEmpty() || id.startsWith("#")) {
                continue;
            }
            if (id.length() > maxIdLength || TextChecks.unstorable(id) >= 0) {
                if (skipped++ == 0) {
                    LOG.warn(
                            "Line {} of {} is no user id Silver accepts (over {} characters, max.string.length, or "
                                    + "holding control characters): {}; such lines are skipped",
                            lineNumber,
                            file,
                            maxIdLength,
                            Quoted.value(id));
                }
                continue;
            }
            read.add(id);
        }
        ids = Set.copyOf(read);
        size = newSize;
        modified = newModified;
        LOG.info(
                "Read {} suppressed user ids from {}{}",
                ids.size(),
                file,
                skipped == 0 ? "" : " (" + skipped + " lines skipped)");
    }
}
