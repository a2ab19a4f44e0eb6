package org.homeautomation.backup.support.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteSizesTest {

    @Test
    void sizesBelowOneKibibyteAreWholeBytes() {
        assertEquals("0 B", ByteSizes.format(0));
        assertEquals("1 B", ByteSizes.format(1));
        assertEquals("1023 B", ByteSizes.format(1023));
    }

    @Test
    void largerSizesHaveOneDecimalInTheLargestFittingUnit() {
        assertEquals("1.0 KiB", ByteSizes.format(1024));
        assertEquals("1.5 KiB", ByteSizes.format(1536));
        assertEquals("12.3 MiB", ByteSizes.format(12_897_485));
        assertEquals("4.0 GiB", ByteSizes.format(4L << 30));
        assertEquals("2.0 TiB", ByteSizes.format(2L << 40));
        assertEquals("8.0 EiB", ByteSizes.format(Long.MAX_VALUE));
    }

    @Test
    void aValueThatRoundsUpToTheNextUnitIsShownInIt() {
        // 1023.96 KiB would print as "1024.0 KiB" if the unit were chosen before rounding.
        assertEquals("1.0 MiB", ByteSizes.format(1_048_535));
        assertEquals("1023.9 KiB", ByteSizes.format(1_048_474));
    }

    @Test
    void theDecimalSeparatorIsAPointWhateverTheLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            assertEquals("1.5 KiB", ByteSizes.format(1536));
        } finally {
            java.util.Locale.setDefault(before);
        }
    }

    @Test
    void aNegativeSizeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ByteSizes.format(-1));
    }
}
