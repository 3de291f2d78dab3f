package org.dspam.client;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dspam.agent.ArgumentParser;

/**
 * The {@code dspamc} command: DSPAM's lightweight client. It takes the agent's command line
 * ({@code --config FILE} names dspam.conf, else {@code $DSPAM_CONF}, else
 * {@code /etc/dspam/dspam.conf}) and lets the daemon do the work (see {@link DlmtpClient}).
 */
public final class Dspamc {
    private Dspamc() {
    }

    public static void main(String[] args) {
        directSelectorProvider();
        FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
        int status = run(args, new FileInputStream(FileDescriptor.in), stdout, ClientLog.syslog(), true);
        System.out.flush();
        System.err.flush();
        // The client registers no shutdown hook and has written everything; System.exit would first set up the
        // JDK's System.Logger to record the exit (about 2 ms of the call).
        Runtime.getRuntime().halt(status);
    }

    /**
     * Names the JDK's own selector provider for Linux, unless one is named already. Without a name, the JDK
     * looks for a provider as a service on the class path, opening every jar's service entries, which
     * costs the first socket of each call about 5 ms. Only a class the runtime has is named.
     */
    private static void directSelectorProvider() {
        String property = "java.nio.channels.spi.SelectorProvider";
        String linux = "sun.nio.ch.EPollSelectorProvider";
        if (System.getProperty(property) == null && "Linux".equals(System.getProperty("os.name"))) {
            try {
                Class.forName(linux, false, null);
                System.setProperty(property, linux);
            } catch (ClassNotFoundException | LinkageError e) {
                // Another runtime: the JDK's look-up it is.
            }
        }
    }

    /** Runs the command; the entry point for tests and embedding. */
    public static int run(String[] args, java.io.InputStream stdin, java.io.OutputStream stdout, ClientLog log) {
        return run(args, stdin, stdout, log, false);
    }

    private static int run(String[] args, java.io.InputStream stdin, java.io.OutputStream stdout, ClientLog log,
                           boolean exiting) {
        List<String> rest = new ArrayList<>(args.length);
        String configFile = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                configFile = args[++i];
            } else if (args[i].startsWith("--config=")) {
                configFile = args[i].substring("--config=".length());
            } else if (args[i].equals("--help")) {
                // A compile-time constant: printing it loads nothing of the agent.
                System.err.println(ArgumentParser.SYNTAX);
                return 0;
            } else if (args[i].equals("--version")) {
                String version = Dspamc.class.getPackage().getImplementationVersion();
                System.out.print("\nDSPAM Anti-Spam Suite " + (version == null ? "3.10.90" : version)
                        + " (client)\n\nCopyright (C) 2002-2012 DSPAM Project\nhttp://dspam.sourceforge.net.\n\n"
                        + "DSPAM may be copied only under the terms of the GNU Affero General Public\n"
                        + "License, a copy of which can be found with the DSPAM distribution kit.\n\n");
                System.out.flush();
                return 0;
            } else {
                rest.add(args[i]);
            }
        }
        ClientConfig config;
        try {
            config = ClientConfig.load(locate(configFile));
        } catch (IOException | RuntimeException e) {
            log.error("cannot read dspam.conf: " + e.getMessage());
            log.error("Unable to read dspam.conf");
            return DlmtpClient.FAILURE;
        }
        String name = System.getProperty("user.name");
        boolean trusted = uid() == 0 || (name != null && config.matches("Trust", name));
        DlmtpClient client = new DlmtpClient(config, log);
        return (exiting ? client.closedByExit() : client).run(rest, name, trusted, stdin, stdout);
    }

    /**
     * dspam.conf: {@code --config FILE}, else {@code $DSPAM_CONF}, else {@code /etc/dspam/dspam.conf}, as
     * {@code DspamConfig.locate} finds it (not called here: loading that class costs the client its regular
     * expressions).
     */
    private static Path locate(String configFile) {
        if (configFile != null && !configFile.isEmpty()) {
            return Path.of(configFile);
        }
        String env = System.getenv("DSPAM_CONF");
        return Path.of(env != null && !env.isEmpty() ? env : "/etc/dspam/dspam.conf");
    }

    /** The real uid, from /proc (0 for root); -1 when unknown. */
    private static int uid() {
        try {
            String status;
            // FileInputStream rather than Files: the client's only file reads, and NIO's file channels cost
            // their set-up on every call.
            try (FileInputStream in = new FileInputStream("/proc/self/status")) {
                status = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            int at = status.indexOf("\nUid:");
            if (at < 0) {
                return -1;
            }
            int i = at + 5;
            while (i < status.length() && (status.charAt(i) == '\t' || status.charAt(i) == ' ')) {
                i++;
            }
            int end = i;
            while (end < status.length() && Character.isDigit(status.charAt(end))) {
                end++;
            }
            return Integer.parseInt(status.substring(i, end));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
