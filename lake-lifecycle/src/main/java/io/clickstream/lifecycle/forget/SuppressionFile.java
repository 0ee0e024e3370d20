package io.clickstream.lifecycle.forget;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The suppressed users file the parse transform reads: ids are added by writing a new version beside it and moving it
 * in place, so a transform re-reading it sees the old list or the new one, never half of it.
 */
final class SuppressionFile {

    private SuppressionFile() {}

    /** Adds the ids not yet in the file (creating it); returns those added. */
    static Set<String> add(Path file, Set<String> ids) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        Set<String> present = new LinkedHashSet<>();
        lines.forEach(l -> present.add(l.strip()));
        Set<String> added = new LinkedHashSet<>(ids);
        added.removeAll(present);
        if (added.isEmpty()) {
            return added;
        }
        List<String> out = new ArrayList<>(lines);
        out.addAll(added);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path next = Files.createTempFile(parent, file.getFileName().toString(), ".next");
        Files.write(next, out, StandardCharsets.UTF_8);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return added;
    }
}
