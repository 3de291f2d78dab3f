package org.dspam.util;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** C's {@code printf("%.Nf")}: the exact binary value rounded half-even, as glibc prints it. */
public final class CFormat {
    private CFormat() {
    }

    public static String fixed(double value, int decimals) {
        if (Double.isNaN(value)) {
            return Double.doubleToRawLongBits(value) < 0 ? "-nan" : "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        if (value < 0 || (value == 0 && 1 / value < 0)) {
            return s.startsWith("-") ? s : "-" + s;
        }
        return s;
    }
}
