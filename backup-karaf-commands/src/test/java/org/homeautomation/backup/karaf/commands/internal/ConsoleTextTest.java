package org.homeautomation.backup.karaf.commands.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class ConsoleTextTest {

    @Test
    void sizesBelowOneKibibyteAreWholeBytes() {
        assertEquals("0 B", ConsoleText.size(0));
        assertEquals("1023 B", ConsoleText.size(1023));
    }

    @Test
    void largerSizesTakeTheLargestUnitBelow1024WithOneDecimal() {
        assertEquals("1.0 KiB", ConsoleText.size(1024));
        assertEquals("1.5 KiB", ConsoleText.size(1536));
        assertEquals("12.3 MiB", ConsoleText.size(12_900_000));
        assertEquals("2.0 GiB", ConsoleText.size(2L << 30));
        assertEquals("8.0 EiB", ConsoleText.size(Long.MAX_VALUE));
    }

    @Test
    void aSizeThatRoundsUpTo1024MovesToTheNextUnit() {
        assertEquals("1.0 MiB", ConsoleText.size(1024 * 1024 - 1));
        assertEquals("1023.9 KiB", ConsoleText.size(1023 * 1024 + 900));
    }

    @Test
    void negativeSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ConsoleText.size(-1));
    }

    @Test
    void progressShowsDoneTotalAndPercentOrOnlyDoneWhenTheTotalIsUnknown() {
        assertEquals("3.0 MiB of 10.0 MiB (30%)", ConsoleText.progress(3L << 20, 10L << 20));
        assertEquals("10.0 MiB of 10.0 MiB (100%)", ConsoleText.progress(10L << 20, 10L << 20));
        assertEquals("512 B", ConsoleText.progress(512, -1));
    }

    @Test
    void timesAreShownInTheGivenZoneToTheSecond() {
        Instant t = Instant.parse("2024-01-02T03:04:05.678Z");
        assertEquals("2024-01-02 03:04:05", ConsoleText.time(t, ZoneId.of("UTC")));
        assertEquals("2024-01-02 04:04:05", ConsoleText.time(t, ZoneId.of("Europe/Berlin")));
    }

    @Test
    void messagesAreJoinedOnOneLineAndAMissingMessageNamesTheType() {
        assertEquals("disk full while writing a.tar", ConsoleText.oneLine(new IOException("disk full\n  while writing"
                + " a.tar\n")));
        assertEquals("NullPointerException", ConsoleText.oneLine(new NullPointerException()));
    }

    @Test
    void longNamesAreCut() {
        assertEquals("abcdefg", ConsoleText.shorten("abcdefg", 7));
        assertEquals("abcd...", ConsoleText.shorten("abcdefgh", 7));
    }
}
