package org.dspam.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * What a tool needs from the outside world: its output streams, the environment, the storage and
 * the clock. The launchers use {@link #system()}; tests build one around a shared driver and a
 * fixed clock.
 */
public record ToolContext(PrintWriter out, PrintWriter err, Map<String, String> env, DriverFactory drivers, Clock clock) {
    public static ToolContext system() {
        return new ToolContext(new PrintWriter(System.out, false, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.getenv(), DriverFactory.CONFIGURED,
                Clock.systemDefaultZone());
    }

    public static ToolContext of(PrintWriter out, PrintWriter err, Map<String, String> env) {
        return new ToolContext(out, err, env, DriverFactory.CONFIGURED, Clock.systemDefaultZone());
    }

    public ToolContext withDrivers(DriverFactory factory) {
        return new ToolContext(out, err, env, factory, clock);
    }

    public ToolContext withClock(Clock c) {
        return new ToolContext(out, err, env, drivers, c);
    }
}
