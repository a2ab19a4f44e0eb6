package org.homeautomation.backup.core.internal.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pieces opened one after the other, each only when its turn comes, each closed when used up; and file ranges. */
class PieceStreamTest {
    @TempDir
    Path temp;

    private final List<String> events = new ArrayList<>();

    @Test
    void piecesAreOpenedInTurnAndClosedWhenUsedUp() throws IOException {
        PieceStream stream = new PieceStream(List.of(piece("a", "one "), piece("b", ""), piece("c", "three")),
                () -> events.add("onClose"));

        assertEquals(List.of(), events, "nothing is opened before it is read");
        byte[] first = new byte[4];
        assertEquals(4, stream.read(first, 0, 4));
        assertEquals(List.of("open a"), events);
        assertEquals("one three", new String(first, StandardCharsets.US_ASCII) + new String(stream.readAllBytes(),
                StandardCharsets.US_ASCII));
        assertEquals(List.of("open a", "close a", "open b", "close b", "open c", "close c"), events);
        assertEquals(-1, stream.read());
        stream.close();
        assertEquals("onClose", events.get(events.size() - 1));
    }

    @Test
    void closingEarlyClosesTheCurrentPieceAndNeverOpensTheRest() throws IOException {
        PieceStream stream = new PieceStream(List.of(piece("a", "abc"), piece("b", "def")),
                () -> events.add("onClose"));
        assertEquals('a', stream.read());
        stream.close();
        stream.close();

        assertEquals(List.of("open a", "close a", "onClose"), events);
        assertThrows(IOException.class, stream::read);
    }

    @Test
    void aPieceThatCannotBeOpenedFailsTheRead() throws IOException {
        try (PieceStream stream = new PieceStream(List.of(piece("a", "ab"), () -> {
            throw new IOException("piece b is broken");
        }))) {
            assertEquals('a', stream.read());
            assertEquals('b', stream.read());
            IOException e = assertThrows(IOException.class, stream::read);
            assertEquals("piece b is broken", e.getMessage());
        }
    }

    @Test
    void aFileRangeYieldsExactlyItsBytesOrWhatTheFileStillHas() throws IOException {
        byte[] data = "0123456789".getBytes(StandardCharsets.US_ASCII);
        Path file = Files.write(temp.resolve("range.bin"), data);

        try (InputStream in = FileRange.open(file, 3, 4)) {
            assertArrayEquals("3456".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
        }
        try (InputStream in = FileRange.open(file, 8, 100)) {
            assertArrayEquals("89".getBytes(StandardCharsets.US_ASCII), in.readAllBytes(), "a cut file is short");
        }
    }

    private PieceStream.Piece piece(String name, String text) {
        return () -> {
            events.add("open " + name);
            return new FilterInputStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII))) {
                @Override
                public void close() throws IOException {
                    events.add("close " + name);
                    super.close();
                }
            };
        };
    }
}
