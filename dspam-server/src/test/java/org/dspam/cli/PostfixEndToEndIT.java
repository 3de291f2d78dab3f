package org.dspam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The daemon behind a real Postfix: runs {@code .ci/postfix-e2e} on the built distribution
 * (delivery, quarantine and tagging, reload, reinjection down, SIGKILL in a burst, storage
 * failure, empty queue) and requires every one of its checks to pass. Postfix's master runs as
 * root, so the test needs root; the script installs Postfix and swaks from Debian's packages when
 * they are missing and runs a private instance on loopback ports only.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class PostfixEndToEndIT {
    @Test
    void everyCheckPassesWithARealPostfix() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "Postfix's master must run as root; run `mvn verify` as root (as CI does) to include this test");
        Path script = Path.of("..", ".ci", "postfix-e2e").toAbsolutePath().normalize();
        Path out = Path.of("target", "postfix-e2e.log").toAbsolutePath();
        Process p = new ProcessBuilder(script.toString()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(14, TimeUnit.MINUTES), "postfix-e2e finished");
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        String report = String.join("\n", lines);
        assertEquals(0, p.exitValue(), report);
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("FAIL")), report);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("postfix-e2e: all checks passed")), report);
        assertTrue(lines.stream().filter(l -> l.startsWith("ok ")).count() >= 15, report);
    }
}
