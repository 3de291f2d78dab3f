package org.dspam.classify;

import org.dspam.token.Complexity;

/** The Markovian weight of a token from its shape: terms and gaps of a sparse key. */
final class MarkovWeight {
    private MarkovWeight() {
    }

    static long of(String name) {
        int complexity = Complexity.of(name);
        int sparse = sparse(name);
        return switch (complexity) {
            case 5 -> switch (sparse) {
                case 0 -> 256;
                case 1 -> 64;
                case 2 -> 16;
                case 3 -> 4;
                default -> 1;
            };
            case 4 -> switch (sparse) {
                case 0 -> 64;
                case 1 -> 16;
                case 2 -> 4;
                default -> 1;
            };
            case 3 -> switch (sparse) {
                case 0 -> 16;
                case 1 -> 4;
                default -> 1;
            };
            case 2 -> sparse == 0 ? 4 : 1;
            default -> 1;
        };
    }

    /** Gaps: a leading "#+", a trailing "+#", and each "+#+" (a matched one skips a character). */
    static int sparse(String token) {
        int sparse = 0;
        if (token.startsWith("#+")) {
            sparse++;
        }
        if (token.length() >= 2 && token.endsWith("+#")) {
            sparse++;
        }
        for (int i = 0; i < token.length(); i++) {
            if (token.startsWith("+#+", i)) {
                sparse++;
                i++;
            }
        }
        return sparse;
    }
}
