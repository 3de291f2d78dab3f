package org.dspam.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;

import org.dspam.agent.log.AgentLog;
import org.dspam.config.DspamConfig;
import org.dspam.storage.UserDirectories;
import org.dspam.engine.Preferences;
import org.dspam.util.ByteString;

/**
 * DSPAM's notices ({@code Notifications on}, or the user's {@code notifications} preference):
 * {@code firstrun.txt} for a user's first message, {@code firstspam.txt} for their first spam and
 * {@code quarantinefull.txt} when the quarantine passes {@code QuarantineWarnSize} (2 MB). Each is
 * sent once (marker files {@code .firstrun}, {@code .firstspam}, {@code .mboxwarn}) from the
 * templates in {@code TxtDirectory}, with a {@code Date:} header and {@code $u} replaced by the
 * user.
 */
final class Notifications {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private final DspamConfig config;
    private final UserDirectories files;
    private final Clock clock;
    private final AgentLog log;

    Notifications(DspamConfig config, UserDirectories files, Clock clock, AgentLog log) {
        this.config = config;
        this.files = files;
        this.clock = clock;
        this.log = log;
    }

    void send(String storeUser, String user, boolean spam, Preferences prefs, Consumer<String> deliver) {
        String pref = prefs.value("notifications");
        boolean on = (config.isOn("Notifications") || pref.equalsIgnoreCase("on")) && !pref.equalsIgnoreCase("off");
        if (!on) {
            return;
        }
        once(files.user(storeUser).file("firstrun"), "firstrun.txt", user, deliver);
        if (spam) {
            once(files.user(storeUser).file("firstspam"), "firstspam.txt", user, deliver);
        }
        long warnAt = config.get("QuarantineWarnSize").map(CInts::atoi).orElse(2L * 1024 * 1024);
        Path mbox = files.user(storeUser).quarantine();
        try {
            if (Files.exists(mbox) && Files.size(mbox) > warnAt) {
                once(files.user(storeUser).file("mboxwarn"), "quarantinefull.txt", user, deliver);
            }
        } catch (IOException e) {
            log.warning("Unable to read the size of " + mbox + ": " + e.getMessage());
        }
    }

    private void once(Path marker, String template, String user, Consumer<String> deliver) {
        if (Files.exists(marker)) {
            return;
        }
        Path txt = config.get("TxtDirectory").map(Path::of).orElse(files.home().resolve("txt")).resolve(template);
        try {
            String body = ByteString.of(Files.readAllBytes(txt)).replace("$u", user);
            String date = "Date: " + ZonedDateTime.now(clock).format(DATE) + "\n";
            deliver.accept(date + body);
        } catch (IOException e) {
            log.error("Unable to open file for reading: " + template + ": " + e.getMessage());
        }
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, clock.instant().getEpochSecond() + "\n");
        } catch (IOException e) {
            log.error("Unable to open file for writing: " + marker + ": " + e.getMessage());
        }
    }
}
