package org.dspam.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.dspam.agent.log.AgentLog;
import org.dspam.classify.Verdict;
import org.dspam.config.DspamConfig;
import org.dspam.storage.UserDirectories;
import org.dspam.learn.MessageClass;
import org.dspam.learn.Source;
import org.dspam.message.HeaderField;
import org.dspam.message.Message;
import org.dspam.storage.Totals;
import org.dspam.util.ByteString;
import org.dspam.util.CFormat;

/**
 * The files DSPAM's web interface reads: {@code Home/system.log} and {@code <user>.log} lines
 * (tab separated: time, class letter, From, signature, Subject, [seconds], [user], status,
 * Message-Id) and {@code <user>.stats} (the six counters of the history graphs, then the merged
 * group's name when the user's data is read merged with a group's).
 *
 * <p>A message's lines and counters are composed when it has been processed ({@link #stats}, {@link #entry}) and
 * written by {@link #write}, which the agent calls once the message is on its way to delivery where it can.
 */
final class ActivityLog {
    private final DspamConfig config;
    private final UserDirectories files;
    private final Clock clock;
    private final List<Write> writes = new ArrayList<>(3);

    /** A file's new content ({@code append}: a line to add to it). */
    private record Write(Path file, byte[] content, boolean append) {
    }

    ActivityLog(DspamConfig config, UserDirectories files, Clock clock) {
        this.config = config;
        this.files = files;
        this.clock = clock;
    }

    /**
     * The user's {@code .stats} file, to be rewritten.
     *
     * @param mergedGroup the merged group read with the user's data (named on a second line), or null
     */
    void stats(String user, Totals t, String mergedGroup) {
        Path file = files.user(user).file("stats");
        String line = Math.max(0, t.spamLearned() + t.spamClassified() - (t.spamMisclassified() + t.spamCorpusfed()))
                + "," + Math.max(0, t.innocentLearned() + t.innocentClassified()
                                    - (t.innocentMisclassified() + t.innocentCorpusfed()))
                + "," + t.spamMisclassified() + "," + t.innocentMisclassified()
                + "," + t.spamCorpusfed() + "," + t.innocentCorpusfed() + "\n"
                + (mergedGroup != null ? mergedGroup + "\n" : "");
        writes.add(new Write(file, ByteString.bytes(line), false));
    }

    /** Writes what {@link #stats} and {@link #entry} composed, in that order; a file that cannot be written is logged. */
    void write(AgentLog log) {
        for (Write w : writes) {
            if (w.append()) {
                append(w.file(), w.content(), log);
            } else {
                try {
                    ensureFolder(w.file().getParent());
                    overwrite(w.file(), w.content());
                } catch (IOException e) {
                    log.error("Unable to open file for writing: " + w.file() + ": " + e.getMessage());
                }
            }
        }
        writes.clear();
    }

    /** The status DSPAM logs when nothing more specific happened. */
    String defaultStatus(AgentOptions req, Verdict v, String spamAction) {
        if (req.source() == Source.ERROR && !req.unlearn()) {
            return "Retrained";
        }
        if (req.classification() == null && v.spam()) {
            if (spamAction.isEmpty() || spamAction.equals("quarantine")) {
                return "Quarantined";
            }
            if (spamAction.equals("tag")) {
                return "Tagged";
            }
            if (spamAction.equals("deliver")) {
                return "Delivered";
            }
            return "";
        }
        return req.classification() == null ? "Delivered" : "";
    }

    static char classLetter(AgentOptions req, Verdict v) {
        char c = switch (v.className()) {
            case "Whitelisted" -> 'W';
            case "Virus" -> 'V';
            case "Blacklisted" -> 'A';
            case "Blocklisted" -> 'O';
            default -> v.spam() ? 'S' : 'I';
        };
        if (req.source() == Source.ERROR) {
            c = req.classification() == MessageClass.SPAM ? 'M' : 'F';
        } else if (req.source() == Source.INOCULATION) {
            c = 'N';
        } else if (req.source() == Source.CORPUS) {
            c = 'C';
        }
        if (req.unlearn()) {
            c = 'E';
        }
        return c;
    }

    /** The message's lines in the user's log and the system log, as it reads now (before it is marked). */
    void entry(String storeUser, String username, Message msg, Verdict v, AgentOptions req, String signature,
               String status, double seconds) {
        if (req.unlearn()) {
            status = "Delivery Failed (" + (status.isEmpty() ? "No error provided" : status) + ")";
        }
        String from = null;
        String subject = null;
        for (HeaderField h : msg.top().headers()) {
            if (subject == null && h.is("Subject")) {
                subject = h.data();
            } else if (from == null && h.is("From")) {
                from = h.data();
            }
        }
        String messageId = msg.header("Message-Id");
        long now = clock.instant().getEpochSecond();
        char letter = classLetter(req, v);
        String sig = signature == null ? "" : signature;
        String id = messageId == null ? "" : messageId;
        if (config.isOn("UserLog")) {
            String line = now + "\t" + letter + "\t" + clean(from) + "\t" + sig + "\t" + clean(subject) + "\t"
                    + status + "\t" + id + "\n";
            // DSPAM ends each user log entry with an extra newline; the web interface skips blank lines.
            writes.add(new Write(files.user(storeUser).file("log"), ByteString.bytes(line + "\n"), true));
        }
        if (config.isOn("SystemLog")) {
            String line = now + "\t" + letter + "\t" + clean(from) + "\t" + sig + "\t" + clean(subject) + "\t"
                    + CFormat.fixed(seconds, 6) + "\t" + username + "\t" + status + "\t" + id + "\n";
            writes.add(new Write(files.systemLog(), ByteString.bytes(line), true));
        }
    }

    /** At most 255 bytes, control characters turned into spaces; a missing value is {@code <None Specified>}. */
    static String clean(String value) {
        if (value == null) {
            return "<None Specified>";
        }
        String v = ByteString.truncate(value, 255);
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            sb.append(c < 32 ? ' ' : c);
        }
        return sb.toString();
    }

    /**
     * Creates a folder if it is missing. The folder nearly always exists: looking first costs one stat, where
     * {@link Files#createDirectories} tries to create it and builds an exception (the daemon writes here for every
     * message).
     */
    private static void ensureFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
    }

    /**
     * Replaces a small file's content by writing over it from the start, then cutting what is left of a longer
     * old content, under the same locks as a log line (so two writers, in this process or another, never mix
     * their contents). Opening it with truncation (as {@link Files#write} does) makes ext4 start writing the file
     * back to disk when it is closed (its guard for files rewritten from empty), a disk write and about 60
     * microseconds of CPU per message here, for a file the next message rewrites.
     */
    static void overwrite(Path file, byte[] content) throws IOException {
        try (FileLocks.Held held = FileLocks.lock(file);
             FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf, buf.position());
            }
            ch.truncate(content.length);
        }
    }

    private static void append(Path file, byte[] text, AgentLog log) {
        try {
            ensureFolder(file.getParent());
            try (FileLocks.Held held = FileLocks.lock(file);
                 FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
                 FileLock lock = ch.lock()) {
                ByteBuffer buf = ByteBuffer.wrap(text);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        } catch (IOException e) {
            log.warning("Failed to lock file " + file + ": " + e.getMessage());
        }
    }
}
