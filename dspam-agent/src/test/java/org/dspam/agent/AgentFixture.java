package org.dspam.agent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dspam.agent.log.AgentLog;
import org.dspam.cli.DspamCommand;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.memory.MemoryStorageDriver;

/**
 * A dspam.conf (the shipped one, on the memory driver, with a Home in a temporary folder plus
 * edits), one storage shared by every run, and a way to run the {@code dspam} command in-process
 * and see what it printed and logged.
 */
public final class AgentFixture {
    public final Path home;
    public final Path conf;
    public final StorageDriver storage;

    public record Run(int exit, String out, String err, List<String> log) {
    }

    /** @param edits pairs of (line prefix to replace or "" to append, replacement line) */
    public AgentFixture(Path dir, String... edits) throws IOException {
        this(dir, new MemoryStorageDriver(), edits);
    }

    public AgentFixture(Path dir, StorageDriver storage, String... edits) throws IOException {
        this.home = dir.resolve("home");
        Files.createDirectories(home);
        this.storage = storage;
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("../conf/dspam.conf"))) {
            String out = line;
            if (line.startsWith("StorageDriver ")) {
                out = "StorageDriver memory";
            } else if (line.startsWith("Home ")) {
                out = "Home " + home;
            } else if (line.startsWith("TrustedDeliveryAgent ")) {
                out = "TrustedDeliveryAgent \"/bin/false\"";
            }
            for (int i = 0; i < edits.length; i += 2) {
                if (!edits[i].isEmpty() && line.startsWith(edits[i])) {
                    out = edits[i + 1];
                }
            }
            lines.add(out);
        }
        for (int i = 0; i < edits.length; i += 2) {
            if (edits[i].isEmpty()) {
                lines.add(edits[i + 1]);
            }
        }
        this.conf = dir.resolve("dspam.conf");
        Files.write(conf, lines);
    }

    public static String resource(String name) throws IOException {
        try (InputStream in = AgentFixture.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    public Run run(String input, String... args) {
        return runAs(new Caller("root", 0), input, args);
    }

    public Run runAs(Caller caller, String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> log = new ArrayList<>();
        AgentLog sink = (level, message) -> log.add(level + " " + message);
        String[] full = new String[args.length + 2];
        full[0] = "--config";
        full[1] = conf.toString();
        System.arraycopy(args, 0, full, 2, args.length);
        int exit = DspamCommand.run(full, new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)), out,
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), caller, sink, storage);
        return new Run(exit, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.UTF_8), log);
    }
}
