package org.dspam.token;

/** 1 + the number of '+' joins in a token name; each '+' also skips the character after it. */
public final class Complexity {
    private Complexity() {
    }

    public static int of(String token) {
        if (token == null) {
            return 1;
        }
        int complexity = 1;
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '+') {
                complexity++;
                i++;
            }
        }
        return complexity;
    }
}
