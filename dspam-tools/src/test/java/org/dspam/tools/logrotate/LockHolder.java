package org.dspam.tools.logrotate;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A log writer in its own process, as the agent is: locks the log (fcntl, like DSPAM), says
 * "locked", appends the line it then reads from stdin, and lets go.
 */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             FileLock lock = ch.lock()) {
            System.out.println("locked");
            System.out.flush();
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            ch.write(StandardCharsets.UTF_8.encode(line + "\n"));
        }
    }
}
