package org.homeautomation.backup.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class ConsoleTextTest {

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
