package org.dspam.agent;

import java.nio.file.Files;
import java.nio.file.Path;

import org.dspam.config.DspamConfig;

/**
 * Who runs the agent, for DSPAM's trusted-user security: root and the users in dspam.conf's
 * {@code Trust} list may act for other users and pass arguments to the delivery agent; anyone
 * else processes only their own mail.
 *
 * @param name the login name of the real uid
 * @param uid the real uid
 */
public record Caller(String name, int uid) {
    /** The user running this process (real uid, as DSPAM's getpwuid(getuid())). */
    public static Caller current() {
        int uid = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    uid = Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
                    break;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            uid = -1;
        }
        return new Caller(System.getProperty("user.name"), uid);
    }

    public boolean isTrusted(DspamConfig config) {
        return uid == 0 || (name != null && config.matches("Trust", name));
    }
}
