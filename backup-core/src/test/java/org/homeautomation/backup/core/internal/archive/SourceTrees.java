package org.homeautomation.backup.core.internal.archive;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Builds source trees on disk for tests. */
public final class SourceTrees {
    private SourceTrees() {
    }

    static Path file(Path root, String relative, byte[] data) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, data);
        return p;
    }

    static Path file(Path root, String relative, String text) throws IOException {
        return file(root, relative, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** @return {@code size} bytes, alternately random and repetitive in 64 KiB blocks, fixed by {@code seed} */
    static byte[] mixedBytes(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (i / 65536) % 2 == 0 ? (byte) random.nextInt() : (byte) ("backup-" + (i % 97)).hashCode();
        }
        return data;
    }

    public static void mode(Path p, int mode) throws IOException {
        Files.setAttribute(p, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
    }

    public static int modeOf(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    public static void mtime(Path p, Instant t) throws IOException {
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(t), null, null);
    }

    static void owner(Path p, int uid, int gid) throws IOException {
        Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }

    static Map<String, Object> unixAttributes(Path p) throws IOException {
        return Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    }

    /** Makes a named pipe with mkfifo, which Java cannot do itself. */
    static void fifo(Path p) throws IOException, InterruptedException {
        SystemCommands.Result r = SystemCommands.run(null, List.of("mkfifo", p.toString()));
        if (r.exitCode() != 0) {
            throw new IOException("mkfifo failed: " + r.output());
        }
    }

    /** Makes a Unix domain socket file; the socket is closed again, the file stays. */
    static void socket(Path p) throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(p));
        }
    }
}
