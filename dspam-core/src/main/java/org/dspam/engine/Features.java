package org.dspam.engine;

/**
 * The {@code Feature} directive / {@code --feature=} values: {@code no}(ise) for Bayesian Noise
 * Reduction, {@code wh}(itelist), and {@code tb=N} for the training buffer (statistical
 * sedation, 0..10). Values are comma-separated; a prefix is enough, as in DSPAM.
 *
 * @param noise BNR
 * @param whitelist automatic whitelisting
 * @param trainingBuffer sedation level, 0 when not given
 */
public record Features(boolean noise, boolean whitelist, int trainingBuffer) {
    public static final Features NONE = new Features(false, false, 0);

    /**
     * Adds a list such as {@code no,wh,tb=5}. Unknown names and bad buffers are reported to
     * {@code errors} and skipped (DSPAM logs them and goes on).
     */
    public Features with(String list, java.util.function.Consumer<String> errors) {
        boolean n = noise;
        boolean w = whitelist;
        int tb = trainingBuffer;
        for (String item : list.split(",")) {
            if (item.isEmpty()) {
                continue;
            }
            if (item.startsWith("no")) {
                n = true;
            } else if (item.startsWith("wh")) {
                w = true;
            } else if (item.startsWith("tb=")) {
                int v = atoi(item.substring(3));
                if (v < 0 || v > 10) {
                    errors.accept("Training buffer level specified is invalid (must be 0-10)");
                }
                tb = v;
            } else {
                errors.accept("No such feature '" + item + "'");
            }
        }
        return new Features(n, w, tb);
    }

    /** C's atoi: optional sign and leading digits, 0 when there are none. */
    static int atoi(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9' && v < Integer.MAX_VALUE) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return (int) (negative ? -v : Math.min(v, Integer.MAX_VALUE));
    }
}
