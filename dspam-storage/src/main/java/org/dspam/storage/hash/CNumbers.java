package org.dspam.storage.hash;

/** Numbers in dspam.conf as DSPAM's hash driver reads them ({@code strtol(value, NULL, 0)}). */
final class CNumbers {
    private CNumbers() {
    }

    /**
     * Leading blanks and a sign, then {@code 0x} hexadecimal, {@code 0} octal or decimal digits; reading stops at
     * the first character that is not a digit. Returns null when there is no digit at all (where C would quietly
     * return 0), so that a typo is reported instead of becoming a zero-sized table.
     */
    static Long strtol(String text) {
        int i = 0;
        int n = text.length();
        while (i < n && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (i + 1 < n && text.charAt(i) == '0' && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')
                && i + 2 < n && Character.digit(text.charAt(i + 2), 16) >= 0) {
            radix = 16;
            i += 2;
        } else if (i < n && text.charAt(i) == '0') {
            radix = 8;
        }
        long value = 0;
        int digits = 0;
        while (i < n) {
            int d = Character.digit(text.charAt(i), radix);
            if (d < 0) {
                break;
            }
            if (value > (Long.MAX_VALUE - d) / radix) {
                value = Long.MAX_VALUE;
            } else {
                value = value * radix + d;
            }
            digits++;
            i++;
        }
        if (digits == 0) {
            return null;
        }
        return negative ? -value : value;
    }
}
