package org.dspam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed {@code bin/dspam --daemon} and {@code bin/dspamc} as processes: start-up, the pid
 * file and the socket, SIGHUP reloading dspam.conf, SIGTERM stopping cleanly with DSPAM's log
 * lines, going to the background without {@code --nofork}, and the client's exit codes.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DaemonLauncherIT {
    @TempDir
    Path dir;
    private Launcher launcher;
    private Path socket;
    private Path pidFile;
    private Path log;
    private Process daemon;

    @BeforeEach
    void setUp() throws IOException {
        socket = dir.resolve("dspam.sock");
        pidFile = dir.resolve("dspam.pid");
        log = dir.resolve("dspam.log");
        launcher = new Launcher(dir, "memory",
                "TrustedDeliveryAgent ", "TrustedDeliveryAgent \"/bin/cat\"",
                "", "ServerMode dspam",
                "", "ServerPass.Relay1 \"secret\"",
                "", "ServerIdent \"first.test.invalid\"",
                "", "ServerDomainSocketPath \"" + socket + "\"",
                "", "ServerPID " + pidFile,
                "", "ClientHost " + socket,
                "", "ClientIdent \"secret@Relay1\"");
        Files.writeString(dir.resolve("logback.xml"), "<configuration><appender name=\"F\" "
                + "class=\"ch.qos.logback.core.FileAppender\"><file>" + log + "</file><encoder><pattern>%msg%n"
                + "</pattern></encoder></appender><root level=\"INFO\"><appender-ref ref=\"F\"/></root></configuration>");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (Files.exists(pidFile)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroy);
        }
    }

    private ProcessBuilder command(String bin, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Launcher.DIST.resolve("bin/" + bin).toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("DSPAM_CONF", launcher.conf.toString());
        env.put("DSPAM_JAVA_OPTS", "-Dlogback.configurationFile=" + dir.resolve("logback.xml"));
        return pb;
    }

    private void awaitSocket(boolean present) throws InterruptedException {
        for (int i = 0; i < 600 && Files.exists(socket) != present; i++) {
            Thread.sleep(50);
        }
        assertEquals(present, Files.exists(socket), "socket " + (present ? "created" : "removed"));
    }

    /**
     * The pid file's content once it is there: it follows the listener by a moment (a second daemon that
     * cannot bind must not touch a running one's pid file), so a socket alone does not mean it exists yet.
     */
    private String awaitPidFile() throws InterruptedException, IOException {
        for (int i = 0; i < 600 && !Files.exists(pidFile); i++) {
            Thread.sleep(50);
        }
        return Files.readString(pidFile);
    }

    private Launcher.Result dspamc(String input, String... args) throws Exception {
        Path in = Files.createTempFile(dir, "in", ".eml");
        Files.writeString(in, input, StandardCharsets.ISO_8859_1);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = command("dspamc", args).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Launcher.Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                Files.readString(err, StandardCharsets.ISO_8859_1));
    }

    /** The first line of the LHLO reply, from a raw connection. */
    private String ident() throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            InputStream in = Channels.newInputStream(ch);
            OutputStream out = Channels.newOutputStream(ch);
            line(in);
            out.write("LHLO Relay1\r\n".getBytes(StandardCharsets.US_ASCII));
            String first = line(in);
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            return first;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1).strip();
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    private List<String> logLines() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void runsReloadsOnHupAndStopsCleanlyOnTerm() throws Exception {
        daemon = command("dspam", "--daemon", "--nofork").redirectErrorStream(true)
                .redirectOutput(dir.resolve("daemon.out").toFile()).start();
        awaitSocket(true);
        assertEquals(daemon.pid() + "\n", awaitPidFile(), "the JVM itself, not a wrapper shell");
        assertEquals("250-first.test.invalid", ident());

        Launcher.Result classified = dspamc(Launcher.resource("ham.eml"), "--user", "eval", "--classify");
        assertEquals(0, classified.exit());
        assertTrue(classified.out().startsWith("X-DSPAM-Result: eval; result=\"Innocent\";"), classified.out());
        assertEquals("", classified.err(), "nothing on the client's standard error (no runtime warnings)");
        // The installed client connects through its socket library wherever the build had a C compiler and the
        // recorded runtime its JNI headers.
        Path runtime = Launcher.DIST.resolve("lib/java.runtime");
        if ((onPath("cc") || onPath("gcc")) && Files.exists(runtime)) {
            String home = Files.readString(runtime).strip();
            home = home.substring(0, home.lastIndexOf(' '));
            if (Files.exists(Path.of(home, "include", "jni.h"))) {
                assertTrue(Files.exists(Launcher.DIST.resolve("lib/libdspamc-unix.so")), "lib/libdspamc-unix.so built");
            }
        }
        Launcher.Result dots = dspamc("From: a@example.org\nSubject: dots\n\nfirst\n.\n..two\nlast", "--user", "eval",
                "--deliver=innocent,spam", "--stdout");
        assertEquals(0, dots.exit(), dots.err());
        assertTrue(dots.out().contains("\n\nfirst\n.\n..two\nlast\n"), dots.out());

        Files.writeString(launcher.conf, Files.readString(launcher.conf).replace("first.test.invalid",
                "second.test.invalid"));
        assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid())).start().waitFor());
        for (int i = 0; i < 200 && !ident().equals("250-second.test.invalid"); i++) {
            Thread.sleep(50);
        }
        assertEquals("250-second.test.invalid", ident());
        assertTrue(daemon.isAlive());

        daemon.destroy();
        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, daemon.exitValue());
        assertFalse(Files.exists(socket));
        assertFalse(Files.exists(pidFile));
        List<String> lines = logLines();
        for (String expected : List.of("Daemon process starting", "Reloading configuration",
                "Daemon terminating on signal 15", "Received signal. Waiting for processing threads to exit.",
                "Processing threads terminated.", "Daemon process exiting")) {
            assertTrue(lines.contains(expected), expected + " in " + lines);
        }
        assertEquals("", Files.readString(dir.resolve("daemon.out")), "nothing on the terminal");
    }

    @Test
    void withoutNoforkItGoesToTheBackground() throws Exception {
        Process starter = command("dspam", "--daemon").redirectErrorStream(true).start();
        assertTrue(starter.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, starter.exitValue());
        awaitSocket(true);
        long pid = Long.parseLong(awaitPidFile().strip());
        ProcessHandle background = ProcessHandle.of(pid).orElseThrow();
        assertTrue(background.isAlive());
        background.destroy();
        background.onExit().get(60, TimeUnit.SECONDS);
        awaitSocket(false);
    }

    @Test
    void dspamcWithoutADaemonIsATemporaryFailure() throws Exception {
        assertEquals(75, dspamc(Launcher.resource("ham.eml"), "--user", "eval", "--classify").exit());
    }

    @Test
    void aConfigurationThatWouldLoseMailStopsTheDaemonAtStart() throws Exception {
        Files.writeString(launcher.conf, Files.readString(launcher.conf).replace("ServerMode dspam",
                "ServerMode standard\nServerParameters \"--classify\""));
        Process p = command("dspam", "--daemon", "--nofork").redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
        assertFalse(Files.exists(socket));
        assertTrue(logLines().stream().anyMatch(l -> l.startsWith("Unable to start the daemon: ServerParameters")),
                logLines().toString());
    }
}
