package org.dspam.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dspam.classify.Verdict;
import org.dspam.message.Message;
import org.dspam.util.ByteString;

/** A user's {@code .blocklist}: sender domains whose mail is spam without asking the filter. */
final class Blocklist {
    private Blocklist() {
    }

    /** A {@code Blocklisted} verdict when the From: domain is listed, else null. */
    static Verdict check(Path file, Message message) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        String from = message.header("From");
        if (from == null) {
            return null;
        }
        int at = from.lastIndexOf('@');
        if (at < 0) {
            return null;
        }
        int end = at + 1;
        while (end < from.length() && "\r\n>".indexOf(from.charAt(end)) < 0 && !ByteString.isSpace(from.charAt(end))) {
            end++;
        }
        String domain = from.substring(at + 1, end);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return null;
        }
        for (String line : lines) {
            if (line.equalsIgnoreCase(domain)) {
                return new Verdict(true, "Blocklisted", 1.0f, 1.0f, List.of());
            }
        }
        return null;
    }
}
