package org.dspam.client;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dspam.agent.ArgumentParser;
import org.dspam.config.ConfigException;
import org.dspam.config.DspamConfig;

/**
 * The {@code dspamc} command: DSPAM's lightweight client. It takes the agent's command line
 * ({@code --config FILE} names dspam.conf, else {@code $DSPAM_CONF}, else
 * {@code /etc/dspam/dspam.conf}) and lets the daemon do the work (see {@link DlmtpClient}).
 */
public final class Dspamc {
    private Dspamc() {
    }

    public static void main(String[] args) {
        FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
        System.exit(run(args, new FileInputStream(FileDescriptor.in), stdout, ClientLog.syslog()));
    }

    static int run(String[] args, java.io.InputStream stdin, java.io.OutputStream stdout, ClientLog log) {
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
        DspamConfig config;
        try {
            config = DspamConfig.load(DspamConfig.locate(configFile, System.getenv()));
        } catch (ConfigException e) {
            log.error(e.getMessage());
            log.error("Unable to read dspam.conf");
            return DlmtpClient.FAILURE;
        }
        String name = System.getProperty("user.name");
        boolean trusted = uid() == 0 || (name != null && config.matches("Trust", name));
        return new DlmtpClient(config, log).run(rest, name, trusted, stdin, stdout);
    }

    /** The real uid, from /proc (0 for root); -1 when unknown. */
    private static int uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).strip().split("\\s+")[0]);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
