package org.dspam.cli;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** A local account without privileges for trusted-user tests, created with useradd when missing. */
final class UnprivilegedUser {
    static final String NAME = "dspamtest";

    private UnprivilegedUser() {
    }

    static synchronized String name() throws IOException, InterruptedException {
        if (run("id", "-u", NAME) != 0 && run("useradd", "-M", "-s", "/usr/sbin/nologin", NAME) != 0) {
            throw new IOException("cannot create the unprivileged test user " + NAME + " (run the tests as root)");
        }
        return NAME;
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
