package org.dspam.storage.jdbc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dspam.storage.TokenChanges;

/**
 * One message's token changes arranged for relative SQL updates. Tokens that only gain hits go
 * into one upsert that adds each token's own increments; tokens that lose hits are grouped by
 * their pair of deltas, so that each group is one statement with the deltas as constants (DSPAM's
 * {@code $$CONTROL$$} scheme, generalised). Within each part the tokens are in the column's order.
 */
final class ChangeSet {
    /** Tokens whose deltas are both {@code >= 0}, with those deltas (capped at {@link TokenChanges#MAX_COUNT}). */
    final long[] addKeys;
    final long[] addSpam;
    final long[] addInnocent;
    /** Tokens with a negative delta, grouped by their deltas. */
    final List<Group> groups;

    /** Tokens that share a pair of deltas, at least one of them negative. */
    record Group(long spamDelta, long innocentDelta, long[] keys) {
    }

    private ChangeSet(long[] addKeys, long[] addSpam, long[] addInnocent, List<Group> groups) {
        this.addKeys = addKeys;
        this.addSpam = addSpam;
        this.addInnocent = addInnocent;
        this.groups = groups;
    }

    /**
     * Deltas beyond ±{@link TokenChanges#MAX_COUNT} are cut to it (a stored count is within
     * 0..MAX, so the result is the same); a token listed twice gets the sum of its deltas.
     */
    static ChangeSet of(TokenChanges changes, TokenColumn column) {
        Map<Long, long[]> byKey = new HashMap<>(changes.size() * 2);
        for (int i = 0; i < changes.size(); i++) {
            long[] d = byKey.computeIfAbsent(changes.key(i), k -> new long[2]);
            d[0] += changes.spamDelta(i);
            d[1] += changes.innocentDelta(i);
        }
        long[] keys = new long[byKey.size()];
        int n = 0;
        for (Map.Entry<Long, long[]> e : byKey.entrySet()) {
            long[] d = e.getValue();
            d[0] = clamp(d[0]);
            d[1] = clamp(d[1]);
            if (d[0] != 0 || d[1] != 0) {
                keys[n++] = e.getKey();
            }
        }
        column.sort(keys, n);
        long[] addKeys = new long[n];
        long[] addSpam = new long[n];
        long[] addInnocent = new long[n];
        int adds = 0;
        Map<List<Long>, List<Long>> grouped = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            long[] d = byKey.get(keys[i]);
            if (d[0] >= 0 && d[1] >= 0) {
                addKeys[adds] = keys[i];
                addSpam[adds] = d[0];
                addInnocent[adds] = d[1];
                adds++;
            } else {
                grouped.computeIfAbsent(List.of(d[0], d[1]), k -> new ArrayList<>()).add(keys[i]);
            }
        }
        List<Group> groups = new ArrayList<>(grouped.size());
        grouped.forEach((d, list) -> groups.add(new Group(d.get(0), d.get(1),
                list.stream().mapToLong(Long::longValue).toArray())));
        return new ChangeSet(Arrays.copyOf(addKeys, adds), Arrays.copyOf(addSpam, adds),
                Arrays.copyOf(addInnocent, adds), groups);
    }

    private static long clamp(long delta) {
        return Math.max(-TokenChanges.MAX_COUNT, Math.min(TokenChanges.MAX_COUNT, delta));
    }

    boolean isEmpty() {
        return addKeys.length == 0 && groups.isEmpty();
    }
}
