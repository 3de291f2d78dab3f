package org.dspam.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Function;

import org.dspam.cli.ToolContext;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.TokenChanges;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.dspam.storage.memory.MemoryStorageDriver;

/**
 * Runs tools in-process against one memory driver that the test also sees, with a dspam.conf in a
 * temporary Home and a fixed clock (Sat Nov 21 19:25:10 2026 UTC, the time of the reference run).
 */
public final class ToolHarness {
    public static final Instant NOW = Instant.parse("2026-11-21T19:25:10Z");

    public final MemoryStorageDriver driver = new MemoryStorageDriver();
    public final Path home;
    public final Path config;
    private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    public record Result(int status, String out, String err) {
    }

    public ToolHarness(Path dir, String... extraConfigLines) throws IOException {
        home = dir.resolve("home");
        Files.createDirectories(home);
        config = dir.resolve("dspam.conf");
        StringBuilder conf = new StringBuilder("Home " + home + "\nStorageDriver memory\n");
        for (String line : extraConfigLines) {
            conf.append(line).append('\n');
        }
        Files.writeString(config, conf);
    }

    public ToolHarness at(Instant instant) {
        clock = Clock.fixed(instant, ZoneOffset.UTC);
        return this;
    }

    /** Runs a tool's static {@code run(args, context)} with {@code DSPAM_CONF} pointing at the test configuration. */
    public Result run(Function2 tool, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ToolContext context = new ToolContext(new PrintWriter(out), new PrintWriter(err),
                Map.of("DSPAM_CONF", config.toString()), (c, p) -> new Unclosed(driver), clock);
        int status = tool.run(args, context);
        return new Result(status, out.toString(), err.toString());
    }

    @FunctionalInterface
    public interface Function2 {
        int run(String[] args, ToolContext context);
    }

    /** Stores exactly these totals and token counts for a user. */
    public void store(String user, Totals totals, long... keySpamInnocent) {
        TokenChanges c = new TokenChanges(keySpamInnocent.length / 3);
        for (int i = 0; i < keySpamInnocent.length; i += 3) {
            c.add(keySpamInnocent[i], keySpamInnocent[i + 1], keySpamInnocent[i + 2]);
        }
        try (UserStorage s = driver.open(user)) {
            s.commit(c, totals.minus(s.totals()));
        }
    }

    public <T> T with(String user, Function<UserStorage, T> f) {
        try (UserStorage s = driver.open(user)) {
            return f.apply(s);
        }
    }

    /** The shared driver as the tools get it: closing it must not drop the data the test still checks. */
    private static final class Unclosed implements StorageDriver {
        private final StorageDriver d;

        Unclosed(StorageDriver d) {
            this.d = d;
        }

        @Override
        public String name() {
            return d.name();
        }

        @Override
        public UserStorage open(String user) {
            return d.open(user);
        }

        @Override
        public boolean exists(String user) {
            return d.exists(user);
        }

        @Override
        public java.util.List<String> users() {
            return d.users();
        }

        @Override
        public Map<String, String> preferences(String user) {
            return d.preferences(user);
        }

        @Override
        public void setPreference(String user, String name, String value) {
            d.setPreference(user, name, value);
        }

        @Override
        public void deletePreference(String user, String name) {
            d.deletePreference(user, name);
        }

        @Override
        public void close() {
            // the test owns the driver
        }
    }
}
