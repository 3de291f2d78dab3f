package org.dspam.tools.logrotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.dspam.tools.ToolHarness;
import org.dspam.tools.ToolHarness.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRotateCommandTest {
    static final String USAGE = "Usage: dspam_logrotate -a age [-v] -l logfiles\nor\n"
            + "Usage: dspam_logrotate -a age [-v] -d /var/dspam\n";
    static final long NOW = ToolHarness.NOW.getEpochSecond();
    static final long DAY = 86400;

    @TempDir
    Path dir;
    ToolHarness tools;
    Path system;
    Path userLog;

    static String line(long time, String rest) {
        return time + "\t" + rest + "\n";
    }

    @BeforeEach
    void setUp() throws IOException {
        tools = new ToolHarness(dir);
        system = tools.home.resolve("system.log");
        userLog = tools.home.resolve("data/alice/alice.log");
        Files.createDirectories(userLog.getParent());
        String text = line(NOW - 40 * DAY, "S\tFrom a\tsig1\tOld")
                + line(NOW - 31 * DAY, "I\tFrom b\tsig2\tOld too")
                + line(NOW - 29 * DAY, "I\tFrom c\tsig3\tRecent")
                + "not a log line\n"
                + line(NOW, "S\tFrom d\tsig4\tNow");
        Files.writeString(system, text);
        Files.writeString(userLog, text);
    }

    Result rotate(String... args) {
        return tools.run(LogRotateCommand::run, args);
    }

    static String kept() {
        return line(NOW - 29 * DAY, "I\tFrom c\tsig3\tRecent") + "not a log line\n" + line(NOW, "S\tFrom d\tsig4\tNow");
    }

    @Test
    void linesOlderThanTheAgeAreRemoved() throws IOException {
        assertEquals(new Result(0, "Deleted 2 lines from " + system + " \n", ""),
                rotate("-a", "30", "-v", "-l", system.toString()));
        assertEquals(kept(), Files.readString(system));
        assertEquals(5, Files.readAllLines(userLog).size(), "only the named file");
        assertFalse(Files.exists(system.resolveSibling(".system.log.rotate")));
    }

    @Test
    void everyLogUnderAHome() throws IOException {
        assertEquals(new Result(0, "", ""), rotate("-a", "30", "-d", tools.home.toString()));
        assertEquals(kept(), Files.readString(system));
        assertEquals(kept(), Files.readString(userLog));
    }

    @Test
    void nothingToRemoveLeavesTheFileAlone() throws IOException {
        String before = Files.readString(system);
        assertEquals(new Result(0, "Deleted 0 lines from " + system + " \n", ""), rotate("-a", "365", "-v", "-l", system.toString()));
        assertEquals(before, Files.readString(system));
    }

    @Test
    void aWriterHoldingTheLockIsWaitedFor() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), system.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", said.readLine());
            CompletableFuture<Result> rotation = CompletableFuture.supplyAsync(() -> rotate("-a", "30", "-l", system.toString()));
            assertThrows(TimeoutException.class, () -> rotation.get(500, TimeUnit.MILLISECONDS),
                    "the rotation waits for the writer's lock");
            String appended = line(NOW, "I\tFrom e\tsig5\tAppended while locked").trim();
            try (Writer w = new OutputStreamWriter(writer.getOutputStream(), StandardCharsets.UTF_8)) {
                w.write(appended + "\n");
            }
            assertEquals(0, writer.waitFor(30, TimeUnit.SECONDS) ? writer.exitValue() : -1);
            assertEquals(0, rotation.get(30, TimeUnit.SECONDS).status());
            assertEquals(kept() + appended + "\n", Files.readString(system));
        } finally {
            writer.destroy();
        }
    }

    @Test
    void badCommandLinesPrintTheUsage() {
        assertEquals(new Result(255, USAGE, ""), rotate());
        assertEquals(new Result(255, USAGE, ""), rotate("-l", system.toString()));
        assertEquals(new Result(255, USAGE, ""), rotate("-a", "30"));
        assertEquals(new Result(255, USAGE, ""), rotate("-a", "soon", "-l", system.toString()));
        assertEquals(new Result(255, USAGE, ""), rotate("-a", "30", "-x", system.toString()));
    }

    @Test
    void aMissingFileIsReportedAndTheOthersAreStillRotated() throws IOException {
        Path missing = dir.resolve("missing.log");
        assertEquals(new Result(1, "", "dspam_logrotate: no such file " + missing + "\n"),
                rotate("-a", "30", "-l", missing.toString(), system.toString()));
        assertEquals(kept(), Files.readString(system));
    }
}
