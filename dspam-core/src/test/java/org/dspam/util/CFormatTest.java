package org.dspam.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class CFormatTest {
    @Test
    void printsWhatGlibcPrints() {
        assertEquals("0.0000", CFormat.fixed(0.0, 4));
        assertEquals("-0.0000", CFormat.fixed(-0.0, 4));
        assertEquals("0.99", CFormat.fixed(0.995, 2)); // stored as 0.99499999999999999555...
        assertEquals("1.00", CFormat.fixed(0.9951, 2));
        assertEquals("0.12", CFormat.fixed(0.125, 2)); // exactly half: to even
        assertEquals("0.38", CFormat.fixed(0.375, 2));
        assertEquals("2", CFormat.fixed(2.5, 0));
        assertEquals("-0.0000", CFormat.fixed(-0.00001, 4));
        assertEquals("0.0023", CFormat.fixed(0.0023, 4));
        assertEquals("1.00", CFormat.fixed(1.0, 2));
        assertEquals("123456789.5000", CFormat.fixed(123456789.5, 4));
        assertEquals("0.0000", CFormat.fixed(Double.MIN_VALUE, 4));
        assertEquals("nan", CFormat.fixed(Double.NaN, 4));
        assertEquals("inf", CFormat.fixed(Double.POSITIVE_INFINITY, 4));
        assertEquals("-inf", CFormat.fixed(Double.NEGATIVE_INFINITY, 4));
    }

    @Test
    void agreesWithExactDecimalRoundingOnRandomValues() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 4) {
                case 0 -> r.nextDouble();
                case 1 -> -r.nextDouble() * 1000;
                case 2 -> Double.longBitsToDouble(r.nextLong());
                default -> Math.round(r.nextDouble() * 1_000_000) / 1_000_000.0;
            };
            if (Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v) > 1e30) {
                continue;
            }
            int decimals = r.nextInt(7);
            String expected = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
            if (v < 0 && !expected.startsWith("-")) {
                expected = "-" + expected;
            }
            assertEquals(expected, CFormat.fixed(v, decimals), () -> "value " + v + " with " + decimals);
        }
    }
}
