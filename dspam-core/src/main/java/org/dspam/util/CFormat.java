package org.dspam.util;

import java.math.BigInteger;

/**
 * C's {@code printf("%.Nf")}: the exact binary value rounded half-even, as glibc prints it. Computed on the
 * double's mantissa and exponent with integers: {@code BigDecimal}'s class initialisation alone costs a
 * one-message agent process about 10 ms.
 */
public final class CFormat {
    private CFormat() {
    }

    public static String fixed(double value, int decimals) {
        if (decimals < 0) {
            throw new IllegalArgumentException("decimals must not be negative");
        }
        if (Double.isNaN(value)) {
            return Double.doubleToRawLongBits(value) < 0 ? "-nan" : "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        long bits = Double.doubleToRawLongBits(value);
        boolean negative = bits < 0;
        int biased = (int) ((bits >>> 52) & 0x7ff);
        long fraction = bits & ((1L << 52) - 1);
        // value = mantissa * 2^exponent, exactly
        long mantissa = biased == 0 ? fraction : fraction | (1L << 52);
        int exponent = (biased == 0 ? 1 : biased) - 1075;
        BigInteger scaled = BigInteger.valueOf(mantissa).multiply(BigInteger.TEN.pow(decimals));
        BigInteger digits;
        if (exponent >= 0) {
            digits = scaled.shiftLeft(exponent);
        } else {
            int shift = -exponent;
            digits = scaled.shiftRight(shift);
            BigInteger rest = scaled.subtract(digits.shiftLeft(shift));
            int half = rest.compareTo(BigInteger.ONE.shiftLeft(shift - 1));
            if (half > 0 || (half == 0 && digits.testBit(0))) {
                digits = digits.add(BigInteger.ONE);
            }
        }
        String d = digits.toString();
        StringBuilder b = new StringBuilder(d.length() + 3);
        if (negative) {
            b.append('-');
        }
        if (decimals == 0) {
            return b.append(d).toString();
        }
        for (int pad = decimals + 1 - d.length(); pad > 0; pad--) {
            b.append('0');
        }
        b.append(d);
        b.insert(b.length() - decimals, '.');
        return b.toString();
    }
}
