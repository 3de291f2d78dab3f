package org.dspam.storage.hash;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Makes a directory's entries (a created or renamed file) durable. */
final class Fsync {
    private Fsync() {
    }

    static void directory(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to sync a directory; the rename itself has happened.
            if (!e.getMessage().contains("Is a directory") && !(e instanceof java.nio.file.AccessDeniedException)) {
                throw e;
            }
        }
    }
}
