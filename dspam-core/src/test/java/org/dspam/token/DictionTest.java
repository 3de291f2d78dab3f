package org.dspam.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class DictionTest {
    /** The order in which a message lists BNR patterns once they are added is known before they are. */
    @Test
    void patternsInTheMessagesOrderAreTheOrderTheMessageListsThemIn() {
        SplittableRandom random = new SplittableRandom(7);
        Diction message = new Diction();
        for (int i = 0; i < 3000; i++) {
            message.touch(random.nextLong(), null, 0);
        }
        message.freeze();
        Diction patterns = new Diction(Diction.PATTERN_BUCKETS, 512);
        for (int i = 0; i < 800; i++) {
            // Some ids share a bucket of the message's, to check that ties keep the patterns' order.
            long key = i % 5 == 0 ? 24593L * (i + 1) : random.nextLong();
            patterns.touch(key, null, Diction.PATTERN);
        }
        List<Term> theirOrder = patterns.terms();
        Term[] predicted = message.inIterationOrder(theirOrder);

        for (Term p : theirOrder) {
            message.appendPattern(p);
        }
        Set<Term> added = Collections.newSetFromMap(new IdentityHashMap<>());
        added.addAll(theirOrder);
        List<Term> listed = new ArrayList<>();
        for (Term t : message.terms()) {
            if (added.contains(t)) {
                listed.add(t);
            }
        }
        assertEquals(800, listed.size());
        assertEquals(listed, Arrays.asList(predicted));
        assertNotEquals(theirOrder, listed, "the two dictions' orders differ, or this test shows nothing");
    }
}
