package org.dspam.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DSPAM's group file rules: who belongs to which group, and what that membership brings. */
class GroupsTest {
    private static Groups groups(String... lines) {
        return Groups.parse(List.of(lines));
    }

    @Test
    void sharedGroupMembersUseTheGroupsData() {
        Groups g = groups("# comment", "; also a comment", "", "staff:shared:alice,Bob");
        Groups.Membership alice = g.membership("alice", false);
        assertEquals("staff", alice.shared());
        assertEquals("staff", alice.dataUser("alice"));
        assertNull(alice.managedGroup());
        assertEquals("staff", g.membership("bob", false).shared(), "names compare ignoring case");
        assertEquals("carol", g.membership("carol", false).dataUser("carol"));
    }

    @Test
    void managedSharedGroupServesQuarantineAndLog() {
        Groups.Membership m = groups("staff:Shared,Managed:alice").membership("alice", false);
        assertEquals("staff", m.shared());
        assertEquals("staff", m.managedGroup());
    }

    @Test
    void sharedGroupsTakeEveryoneOrADomain() {
        Groups g = groups("example:shared:*@example.org", "rest:shared:*");
        assertEquals("example", g.membership("alice@EXAMPLE.org", false).shared());
        assertEquals("rest", g.membership("bob@example.net", false).shared());
        assertEquals("rest", g.membership("carol", false).shared());
    }

    @Test
    void onlyTheFirstSharedGroupCounts() {
        assertEquals("one", groups("one:shared:alice", "two:shared:alice").membership("alice", false).shared());
    }

    @Test
    void anEarlierClassificationGroupKeepsAUserOutOfSharedGroups() {
        Groups.Membership m = groups("net:classification:alice,bob", "staff:shared:alice").membership("alice", false);
        assertNull(m.shared());
        assertEquals(List.of("bob"), m.peers());
        Groups.Membership first = groups("staff:shared:alice", "net:classification:alice,bob")
                .membership("alice", false);
        assertEquals("staff", first.shared());
        assertEquals(List.of(), first.peers(), "a shared group member is in no classification group");
    }

    @Test
    void inoculationGroupsCountOnlyWhenReportingSpam() {
        Groups g = groups("inoc:inoculation:alice,bob,carol", "more:inoculation:alice,dave,BOB");
        assertEquals(List.of("bob", "carol", "dave"), g.membership("alice", true).inoculate());
        assertEquals(List.of(), g.membership("alice", false).inoculate());
        assertEquals(List.of(), g.membership("erin", true).inoculate());
        assertEquals("staff", groups("inoc:inoculation:alice,bob", "staff:shared:alice")
                .membership("alice", false).shared(), "not reporting spam, the inoculation line does not count");
        assertNull(groups("inoc:inoculation:alice,bob", "staff:shared:alice")
                .membership("alice", true).shared());
    }

    @Test
    void classificationNetworkPeersAreTheOtherMembers() {
        Groups g = groups("net:classification:alice,bob,carol", "net2:classification:dave,alice");
        Groups.Membership m = g.membership("alice", false);
        assertEquals(List.of("bob", "carol", "dave"), m.peers());
        assertFalse(m.global());
        assertEquals(List.of(), g.membership("erin", false).peers());
    }

    @Test
    void aGlobalGroupTakesEveryUserButItsOwnPeer() {
        Groups g = groups("global:classification:*trainer,*backup");
        Groups.Membership m = g.membership("alice", false);
        assertEquals(List.of("trainer", "backup"), m.peers());
        assertTrue(m.global());
        assertEquals(List.of("backup"), g.membership("trainer", false).peers());
    }

    @Test
    void classificationNetworkAndGlobalGroupExcludeEachOther() {
        Groups.Membership network = groups("net:classification:alice,bob", "global:classification:*trainer")
                .membership("alice", false);
        assertEquals(List.of("bob"), network.peers());
        assertFalse(network.global());
        Groups.Membership global = groups("global:classification:*trainer", "net:classification:alice,bob")
                .membership("alice", false);
        assertEquals(List.of("trainer"), global.peers());
        assertTrue(global.global());
    }

    @Test
    void mergedGroupEntriesTakeUsersInAndOutInOrder() {
        Groups g = groups("all:merged:*,-bob,-*@example.net,carol@example.net");
        assertEquals("all", g.membership("alice", false).merged());
        assertNull(g.membership("bob", false).merged());
        assertNull(g.membership("dave@example.net", false).merged());
        assertEquals("all", g.membership("carol@example.net", false).merged());
        assertNull(g.membership("all", false).merged(), "a group is not merged with itself");
        assertEquals("alice", g.membership("alice", false).dataUser("alice"), "merged members write their own data");
    }

    @Test
    void aMergedMemberCanStillBeInAClassificationGroupButNotASharedOne() {
        Groups.Membership m = groups("all:merged:*", "staff:shared:alice", "net:classification:alice,bob")
                .membership("alice", false);
        assertEquals("all", m.merged());
        assertNull(m.shared());
        assertEquals(List.of("bob"), m.peers());
    }

    @Test
    void malformedAndUnknownLinesAreIgnored() {
        Groups g = groups("nocolon", "onlyname:", ":shared:alice", "odd:whatever:alice", " staff : shared : alice , bob ");
        Groups.Membership m = g.membership("bob", false);
        assertEquals("staff", m.shared());
        assertEquals(List.of(), m.peers());
    }

    @Test
    void aMissingFileMeansNoGroups(@TempDir Path dir) throws IOException {
        assertEquals(Groups.Membership.NONE, Groups.read(dir.resolve("group")).membership("alice", true));
        Files.writeString(dir.resolve("group"), "staff:shared:alice\r\n");
        assertEquals("staff", Groups.read(dir.resolve("group")).membership("alice", false).shared());
    }
}
