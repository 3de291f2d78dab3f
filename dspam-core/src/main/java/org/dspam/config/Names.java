package org.dspam.config;

/** Name comparison as DSPAM does it: {@code strcasecmp}, which folds ASCII letters only. */
final class Names {

    private Names() {
    }

    static String fold(String name) {
        StringBuilder folded = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (folded == null) {
                    folded = new StringBuilder(name);
                }
                folded.setCharAt(i, (char) (c + ('a' - 'A')));
            }
        }
        return folded == null ? name : folded.toString();
    }

    static boolean same(String a, String b) {
        return fold(a).equals(fold(b));
    }
}
