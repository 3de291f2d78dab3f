package org.dspam.client;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Where the client reports problems: syslog, facility mail, as {@code dspam[pid]: text}, as the
 * agent does, but without a logging library, since a client call that goes well logs nothing and
 * must not pay for one. Lines go over UDP to the local syslog daemon (RFC 3164 format).
 */
@FunctionalInterface
public interface ClientLog {
    /** Syslog priorities (facility mail): err, warning, info. */
    enum Level {
        ERROR(19), WARNING(20), INFO(22);

        final int priority;

        Level(int priority) {
            this.priority = priority;
        }
    }

    void log(Level level, String message);

    default void error(String message) {
        log(Level.ERROR, message);
    }

    default void warning(String message) {
        log(Level.WARNING, message);
    }

    default void info(String message) {
        log(Level.INFO, message);
    }

    /** Sends each line to the syslog daemon on localhost, port 514. */
    static ClientLog syslog() {
        return new Syslog();
    }

    /** Syslog over UDP (a class, not a lambda: a lambda costs the client a few milliseconds to set up). */
    final class Syslog implements ClientLog {
        @Override
        public void log(Level level, String message) {
            String host;
            try {
                host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            } catch (IOException e) {
                host = "localhost";
            }
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT));
            byte[] line = ("<" + level.priority + ">" + stamp + " " + host + " dspam["
                    + ProcessHandle.current().pid() + "]: " + message).getBytes(StandardCharsets.UTF_8);
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.send(new DatagramPacket(line, line.length, InetAddress.getLoopbackAddress(), 514));
            } catch (IOException e) {
                // Nowhere else to report to: DSPAM's client also stays silent when syslog is gone.
            }
        }
    }
}
