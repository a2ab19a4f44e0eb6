package org.homeautomation.backup.agent.restic.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts a backup archive into blobs along its own content-defined boundaries: each zstd frame of a
 * {@code <content>.tar.zst} entry becomes one blob, and the tar headers between entries (with {@code backup.json})
 * blobs of their own. The archive writer ends its frames where the content's bytes say so, and an unchanged frame
 * has the same bytes every night, so a blob changes only where the data changed: the second of two nightly backups
 * adds about the frames that changed, where restic's chunks (512 KiB to 8 MiB over the stream) would add the
 * megabyte of stream around each change.
 *
 * <p>The blobs of a content (zstd frames, or age-encrypted bytes) say that they are compressed already, so that they
 * are stored as they are rather than compressed again for nothing.
 *
 * <p>Everything else is cut as restic cuts it: a stream that is not a tar archive, from the point where it stops
 * looking like one, goes to {@link Chunker}; an entry that is not zstd frames (an age-encrypted content, whose bytes
 * change every night anyway, or a foreign file) is cut into pieces of {@link #PIECE_SIZE}.
 *
 * <p>Memory: one buffer of at most {@link Chunker#MAX_SIZE} bytes, reused. Not thread-safe.
 */
final class ArchiveChunker {
    /** A zstd frame larger than restic's largest chunk is not cut along: our writer makes none that large. */
    static final int MAX_SIZE = Chunker.MAX_SIZE;
    /** The pieces of an entry that is not zstd frames. */
    static final int PIECE_SIZE = 1024 * 1024;
    /** Entries this small go into the blob of the headers around them ({@code backup.json}). */
    private static final int SMALL_ENTRY = 64 * 1024;
    private static final int BLOCK = 512;
    private static final int ZSTD_MAGIC = 0xFD2FB528;
    private static final int SKIPPABLE_MAGIC = 0x184D2A50;
    private static final int MAX_BLOCK_SIZE = 128 * 1024;

    private enum State { HEADERS, FRAMES, PIECES }

    private final InputStream in;
    private final long polynomial;
    private byte[] buffer = new byte[64 * 1024];
    /** Bytes in the buffer, from the start of the next chunk. */
    private int length;
    /** The end of the chunk handed out last: its bytes leave the buffer on the next call. */
    private int handedOut;
    private boolean eof;

    private State state = State.HEADERS;
    /** Of the current entry: its bytes not cut yet, and the padding to 512 bytes after them. */
    private long entryLeft;
    private int padding;
    /** Whether the chunk cut last is a frame or piece of an entry, rather than headers. */
    private boolean contentCut;
    /** Whether the current entry's name says its bytes are compressed or encrypted ({@code .zst}, {@code .age}). */
    private boolean entryCompressed;
    /** Once the stream stops looking like an archive: restic's chunker over the rest. */
    private Chunker rest;

    ArchiveChunker(InputStream in, long polynomial) {
        this.in = in;
        this.polynomial = polynomial;
    }

    /**
     * Reads the next chunk.
     *
     * @return the chunk, valid until the next call, or null at the end of the stream
     */
    Chunker.Chunk next() throws IOException {
        if (rest != null) {
            return rest.next();
        }
        System.arraycopy(buffer, handedOut, buffer, 0, length - handedOut);
        length -= handedOut;
        handedOut = 0;
        int end = switch (state) {
            case HEADERS -> headers();
            case FRAMES -> frame();
            case PIECES -> piece();
        };
        if (end < 0) {
            rest = new Chunker(new SequenceInputStream(new ByteArrayInputStream(buffer, 0, length), in), polynomial);
            buffer = new byte[0];
            length = 0;
            return rest.next();
        }
        if (end == 0) {
            return null;
        }
        handedOut = end;
        return new Chunker.Chunk(buffer, end, contentCut && entryCompressed);
    }

    /**
     * The padding of the entry before and the headers up to the next large entry, with the small entries among
     * them. Returns -1 when the bytes are not tar headers (the rest goes to restic's chunker), 0 at the end.
     */
    private int headers() throws IOException {
        contentCut = false;
        int pos = padding;
        padding = 0;
        if (fill(pos) < pos) {
            return -1;
        }
        while (true) {
            if (fill(pos + BLOCK) < pos + BLOCK) {
                return length == 0 ? 0 : -1;
            }
            if (isZeroBlock(pos) || !hasValidChecksum(pos)) {
                return -1; // the end of the archive, or not a tar: restic's chunker takes it from here
            }
            long size = entrySize(pos);
            if (size < 0) {
                return -1;
            }
            byte type = buffer[pos + 156];
            String name = entryName(pos);
            pos += BLOCK;
            long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            boolean extendedHeader = type == 'x' || type == 'g' || type == 'L' || type == 'K';
            if (extendedHeader || size <= SMALL_ENTRY) {
                if (pos + padded > MAX_SIZE || fill(pos + (int) padded) < pos + padded) {
                    return -1;
                }
                pos += (int) padded;
                if (pos > MAX_SIZE - SMALL_ENTRY - 2 * BLOCK) {
                    return pos; // many small entries in a row: cut before the blob grows too large
                }
                continue;
            }
            entryLeft = size;
            padding = (int) (padded - size);
            state = name.endsWith(".tar.zst") ? State.FRAMES : State.PIECES;
            entryCompressed = name.endsWith(".tar.zst") || name.endsWith(".tar.zst.age");
            return pos;
        }
    }

    /** One zstd frame of a {@code .tar.zst} entry; an entry that turns out not to be frames is cut in pieces. */
    private int frame() throws IOException {
        if (entryLeft == 0) {
            state = State.HEADERS;
            return headers();
        }
        int frame = frameLength();
        if (frame <= 0 || frame > entryLeft) {
            state = State.PIECES;
            return piece();
        }
        entryLeft -= frame;
        contentCut = true;
        return frame;
    }

    private int piece() throws IOException {
        if (entryLeft == 0) {
            state = State.HEADERS;
            return headers();
        }
        int piece = (int) Math.min(PIECE_SIZE, entryLeft);
        if (fill(piece) < piece) {
            return -1; // the stream ended inside the entry
        }
        entryLeft -= piece;
        contentCut = true;
        return piece;
    }

    /**
     * The length of the zstd frame (or skippable frame) at the start of the buffer, read from its header and block
     * headers; 0 when the bytes are not one, or the frame is larger than {@link #MAX_SIZE}.
     */
    private int frameLength() throws IOException {
        if (fill(8) < 8) {
            return 0;
        }
        int magic = littleEndian(0, 4);
        if ((magic & 0xFFFFFFF0) == SKIPPABLE_MAGIC) {
            long skippable = 8 + (littleEndian(4, 4) & 0xFFFFFFFFL);
            return skippable <= MAX_SIZE && fill((int) skippable) >= skippable ? (int) skippable : 0;
        }
        if (magic != ZSTD_MAGIC) {
            return 0;
        }
        int descriptor = buffer[4] & 0xff;
        if ((descriptor & 0x08) != 0) {
            return 0; // the reserved bit
        }
        boolean singleSegment = (descriptor & 0x20) != 0;
        int contentSizeBytes = switch (descriptor >>> 6) {
            case 0 -> singleSegment ? 1 : 0;
            case 1 -> 2;
            case 2 -> 4;
            default -> 8;
        };
        int dictionaryBytes = new int[] {0, 1, 2, 4}[descriptor & 3];
        int pos = 5 + (singleSegment ? 0 : 1) + dictionaryBytes + contentSizeBytes;
        while (true) {
            if (pos + 3 > MAX_SIZE || fill(pos + 3) < pos + 3) {
                return 0;
            }
            int header = littleEndian(pos, 3);
            boolean last = (header & 1) != 0;
            int blockType = (header >>> 1) & 3;
            int blockSize = header >>> 3;
            if (blockType == 3 || blockSize > MAX_BLOCK_SIZE) {
                return 0;
            }
            pos += 3 + (blockType == 1 ? 1 : blockSize);
            if (last) {
                pos += (descriptor & 0x04) != 0 ? 4 : 0; // the content checksum
                return pos <= MAX_SIZE && fill(pos) >= pos ? pos : 0;
            }
        }
    }

    private boolean isZeroBlock(int pos) {
        for (int i = pos; i < pos + BLOCK; i++) {
            if (buffer[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The header checksum: the sum of the header's bytes with the checksum field taken as spaces. */
    private boolean hasValidChecksum(int pos) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : buffer[pos + i] & 0xff;
        }
        long stored = octal(pos + 148, 8);
        return stored == sum;
    }

    /** The size field: octal, or big-endian binary after a first byte with its high bit set; -1 if neither. */
    private long entrySize(int pos) {
        if ((buffer[pos + 124] & 0x80) != 0) {
            long size = 0;
            for (int i = pos + 125; i < pos + 136; i++) {
                if (size > (Long.MAX_VALUE >>> 8)) {
                    return -1;
                }
                size = (size << 8) | (buffer[i] & 0xff);
            }
            return size;
        }
        return octal(pos + 124, 12);
    }

    private long octal(int from, int width) {
        long value = 0;
        boolean digits = false;
        for (int i = from; i < from + width; i++) {
            int c = buffer[i];
            if (c >= '0' && c <= '7') {
                value = value * 8 + (c - '0');
                digits = true;
            } else if (c == ' ' && !digits) {
                continue;
            } else if (c == 0 || c == ' ') {
                break;
            } else {
                return -1;
            }
        }
        return digits ? value : -1;
    }

    private String entryName(int pos) {
        int end = pos;
        while (end < pos + 100 && buffer[end] != 0) {
            end++;
        }
        return new String(buffer, pos, end - pos, StandardCharsets.UTF_8);
    }

    private int littleEndian(int pos, int bytes) {
        int value = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            value = (value << 8) | (buffer[pos + i] & 0xff);
        }
        return value;
    }

    /** Reads until the buffer holds {@code want} bytes or the stream ends; returns the bytes it holds. */
    private int fill(int want) throws IOException {
        if (want > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(want, Math.min(MAX_SIZE + BLOCK, buffer.length * 2)));
        }
        if (!eof && length < want) {
            length = Chunker.readUpTo(in, buffer, length, want);
            eof = length < want;
        }
        return length;
    }
}
