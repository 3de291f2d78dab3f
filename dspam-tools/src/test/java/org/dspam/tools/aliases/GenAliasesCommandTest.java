package org.dspam.tools.aliases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dspam.tools.ToolHarness;
import org.dspam.tools.ToolHarness.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenAliasesCommandTest {
    @TempDir
    Path dir;
    ToolHarness tools;
    Path passwd;

    @BeforeEach
    void setUp() throws IOException {
        tools = new ToolHarness(dir);
        passwd = dir.resolve("passwd");
        Files.writeString(passwd, """
                root:x:0:0:root:/root:/bin/bash
                daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
                alice:x:1000:1000:Alice:/home/alice:/bin/bash
                bob:x:1001:1001:Bob:/home/bob:/bin/bash
                o'hara:x:1002:1002::/home/x:/bin/sh
                """);
    }

    Result aliases(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--passwd";
        all[1] = passwd.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return tools.run(GenAliasesCommand::run, all);
    }

    static String spam(String user) {
        return "spam-" + user + ":\t\"|'dspam' --user '" + user + "' --class=spam --source=error --mode=teft\"\n";
    }

    static String nospam(String user) {
        return "nospam-" + user + ":\t\"|'dspam' --user '" + user
                + "' --class=innocent --source=error --mode=teft --deliver=innocent\"\n";
    }

    @Test
    void oneAliasPerAccountInTheUidRange() {
        assertEquals(new Result(0, spam("alice") + spam("bob"), ""), aliases("--minuid", "1000", "--maxuid", "1001"));
    }

    @Test
    void nospamAliasesAndExclusions() {
        assertEquals(new Result(0, spam("daemon") + nospam("daemon") + spam("bob") + nospam("bob"), ""),
                aliases("--nospam", "--exclude", "alice", "--excludeuid", "0", "--maxuid", "1001"));
    }

    @Test
    void anAccountThatCannotBeAnAliasIsSkippedWithANote() {
        Result r = aliases("--minuid", "1002");
        assertEquals(new Result(0, "", "dspam_genaliases: skipping account 'o'hara': not usable as an alias\n"), r);
    }

    @Test
    void outputFile() throws IOException {
        Path file = dir.resolve("aliases");
        assertEquals(new Result(0, "", ""), aliases("-o", file.toString(), "--minuid", "1000", "--maxuid", "1000"));
        assertEquals(spam("alice"), Files.readString(file));
    }

    @Test
    void badArguments() {
        Result r = aliases("extra");
        assertEquals(1, r.status());
        assertEquals("dspam_genaliases: too many command line arguments\n"
                + "dspam_genaliases: try `dspam_genaliases --help' for help\n", r.err());
        r = aliases("--bogus");
        assertEquals(1, r.status());
        assertTrue(r.err().endsWith("dspam_genaliases: try `dspam_genaliases --help' for help\n"), r.err());
        assertTrue(aliases("--help").out().contains("--nospam"));
    }
}
