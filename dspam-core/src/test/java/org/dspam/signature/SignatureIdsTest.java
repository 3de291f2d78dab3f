package org.dspam.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SignatureIdsTest {
    @Test
    void startsWithTheTimeInHexPaddedAsCPrintsItThenThePid() {
        SignatureIds ids = new SignatureIds(4242, new Random(1));
        String id = ids.next(0x6921d3a4L, x -> false);
        assertTrue(id.startsWith("6921d3a44242"), id);
        assertTrue(id.substring(12).chars().allMatch(Character::isDigit), id);
        assertTrue(id.length() <= 22, id);
        assertTrue(ids.next(0xabcL, x -> false).startsWith("     abc4242"));
    }

    @Test
    void thisProcessesIdsCarryItsPid() {
        String id = SignatureIds.forThisProcess().next(0x6921d3a4L, x -> false);
        assertTrue(id.startsWith("6921d3a4" + ProcessHandle.current().pid()), id);
    }

    @Test
    void makesAnotherIdWhileOneIsTaken() {
        SignatureIds ids = new SignatureIds(7, new Random(3));
        Set<String> seen = new HashSet<>();
        String first = ids.next(0x6921d3a4L, seen::contains);
        seen.add(first);
        String second = new SignatureIds(7, new Random(3)).next(0x6921d3a4L, seen::contains);
        assertNotEquals(first, second);
        assertEquals(first.substring(0, 9), second.substring(0, 9));
    }
}
