package org.dspam.tools.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.dspam.tools.ToolHarness;
import org.dspam.tools.ToolHarness.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminCommandTest {
    static final String USAGE = "syntax: dspam_admin [function] [arguments] [--profile=PROFILE]\n"
            + "\tadd preference [user] [attrib] [value]\n"
            + "\tchange preference [user] [attrib] [value]\n"
            + "\tdelete preference [user] [attrib] [value]\n"
            + "\tlist preference [user] [attrib] [value]\n"
            + "\taggregate preference [user]\n";
    static final String OK = "operation successful.\n";

    @TempDir
    Path dir;
    ToolHarness tools;

    @BeforeEach
    void setUp() throws IOException {
        tools = new ToolHarness(dir, "Preference \"spamAction=quarantine\"", "Preference \"signatureLocation=message\"",
                "Preference \"trainingMode=TOE\"", "AllowOverride spamAction", "AllowOverride optIn");
    }

    Result admin(String... args) {
        return tools.run(AdminCommand::run, args);
    }

    @Test
    void addChangeListAndDeleteForAUser() {
        assertEquals(new Result(0, OK, ""), admin("add", "preference", "alice", "spamAction", "tag"));
        assertEquals(new Result(0, OK, ""), admin("add", "pref", "alice", "spamSubject", "[SPAM]"));
        assertEquals(new Result(0, OK, ""), admin("change", "preference", "alice", "spamAction", "deliver"));
        assertEquals(Map.of("spamAction", "deliver", "spamSubject", "[SPAM]"), tools.driver.preferences("alice"));
        assertEquals(new Result(0, "spamAction=deliver\nspamSubject=[SPAM]\n", ""), admin("list", "preference", "alice"));
        assertEquals(new Result(0, OK, ""), admin("delete", "preference", "alice", "spamSubject"));
        assertEquals(Map.of("spamAction", "deliver"), tools.driver.preferences("alice"));
    }

    @Test
    void theDefaultUser() {
        assertEquals(new Result(0, OK, ""), admin("add", "preference", "default", "spamAction", "tag"));
        assertEquals(new Result(0, OK, ""), admin("add", "preference", "", "optIn", "on"));
        assertEquals(Map.of("spamAction", "tag", "optIn", "on"), tools.driver.preferences(null));
        assertEquals(new Result(0, "optIn=on\nspamAction=tag\n", ""), admin("list", "preference", "default"));
        assertEquals(Map.of(), tools.driver.preferences("default"), "'default' is not a user");
    }

    @Test
    void aggregateIsTheEffectivePreferences() {
        admin("add", "preference", "alice", "spamAction", "tag");
        admin("add", "preference", "alice", "optIn", "on");
        admin("add", "preference", "alice", "trainingMode", "TEFT");
        assertEquals(new Result(0, "spamAction=tag\nsignatureLocation=message\ntrainingMode=TOE\noptIn=on\n",
                "Ignoring disallowed preference 'trainingMode'\n"), admin("aggregate", "preference", "alice"));
        assertEquals(new Result(0, "spamAction=quarantine\nsignatureLocation=message\ntrainingMode=TOE\n", ""),
                admin("aggregate", "preference", "default"));
    }

    @Test
    void storedDefaultsReplaceTheConfiguredOnes() {
        admin("add", "preference", "default", "spamAction", "tag");
        admin("add", "preference", "bob", "spamAction", "deliver");
        assertEquals(new Result(0, "spamAction=deliver\n", ""), admin("aggregate", "preference", "bob"));
    }

    @Test
    void badCommandLines() {
        assertEquals(new Result(1, "", USAGE), admin());
        assertEquals(new Result(1, "", USAGE), admin("help", "preference"));
        assertEquals(new Result(1, "", USAGE), admin("frobnicate", "preference", "alice"));
        assertEquals(new Result(1, "", USAGE), admin("list", "users", "alice"));
        assertEquals(new Result(1, "", "invalid command syntax.\n" + USAGE), admin("add", "preference", "alice", "x"));
        assertEquals(new Result(1, "", "invalid command syntax.\n" + USAGE), admin("list", "preference"));
        assertEquals(Map.of(), tools.driver.preferences("alice"));
    }

    @Test
    void valuesThatWouldCorruptAPreferenceStoreAreRefused() {
        assertEquals(new Result(1, "operation failed with error 1.\n", "dspam_admin: invalid preference name 'a=b'\n"),
                admin("add", "preference", "alice", "a=b", "c"));
        Result r = admin("add", "preference", "alice", "spamSubject", "two\nlines");
        assertEquals(1, r.status());
        assertEquals(Map.of(), tools.driver.preferences("alice"));
        r = admin("add", "preference", "../etc", "spamAction", "tag");
        assertEquals(1, r.status());
        assertEquals(true, r.err().startsWith("dspam_admin: Illegal username"), r.err());
    }
}
