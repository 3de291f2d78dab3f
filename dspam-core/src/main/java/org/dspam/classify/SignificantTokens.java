package org.dspam.classify;


import java.util.ArrayList;
import java.util.List;

/**
 * The bounded ranking of the most interesting tokens (those whose probability is furthest from
 * 0.5), reproducing DSPAM's list exactly, ties included.
 *
 * <p>DSPAM keeps an ascending linked list and drops the least significant entry when full. A new
 * entry goes after the last entry it beats: a larger distance from 0.5 (the new distance is
 * computed in single precision and compared with the stored double, so a token equal to one
 * already listed ranks above it), then a higher frequency, then a greater or equal complexity.
 */
public final class SignificantTokens {
    private static final class Node {
        final double delta;
        final long key;
        final long frequency;
        final int complexity;
        Node next;

        Node(double probability, long key, long frequency, int complexity) {
            this.delta = Math.abs(0.5 - probability);
            this.key = key;
            this.frequency = frequency;
            this.complexity = complexity;
        }
    }

    private final int capacity;
    private Node root;
    private int size;

    public SignificantTokens(int capacity) {
        this.capacity = capacity;
    }

    /** The list size DSPAM uses for the configured algorithms: 27 with Burton, else 25 with Robinson, else 15. */
    public static int capacityFor(java.util.Set<Algorithm> algorithms) {
        if (algorithms.contains(Algorithm.BURTON)) {
            return 27;
        }
        return algorithms.contains(Algorithm.ROBINSON) ? 25 : 15;
    }

    public void offer(double probability, long key, long frequency, org.dspam.token.Term term) {
        float delta = (float) Math.abs(0.5 - probability);
        // The name's complexity only matters for exact ties, so it is computed when one occurs.
        int complexity = -1;
        Node insertAfter = null;
        for (Node current = root; current != null; current = current.next) {
            if (delta > current.delta) {
                insertAfter = current;
            } else if (delta == current.delta) {
                if (frequency > current.frequency) {
                    insertAfter = current;
                } else if (frequency == current.frequency) {
                    if (complexity < 0) {
                        complexity = term.complexity();
                    }
                    if (complexity >= current.complexity) {
                        insertAfter = current;
                    }
                }
            }
            if (insertAfter == null) {
                break;
            }
        }
        if (insertAfter == null && size == capacity) {
            return;
        }
        Node node = new Node(probability, key, frequency, complexity < 0 ? term.complexity() : complexity);
        if (insertAfter != null) {
            node.next = insertAfter.next;
            insertAfter.next = node;
            size++;
            if (size > capacity) {
                root = root.next;
                size--;
            }
        } else {
            node.next = root;
            root = node;
            size++;
        }
    }

    public int size() {
        return size;
    }

    /** Token ids from the most to the least significant. */
    public List<Long> mostSignificantFirst() {
        List<Long> ascending = new ArrayList<>(size);
        for (Node n = root; n != null; n = n.next) {
            ascending.add(n.key);
        }
        List<Long> out = new ArrayList<>(size);
        for (int i = ascending.size() - 1; i >= 0; i--) {
            out.add(ascending.get(i));
        }
        return out;
    }
}
