package org.homeautomation.backup.karaf.itest.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Source folders that make uploads long enough to be killed in the middle. */
final class SourceFiles {
    private static final int MIB = 1024 * 1024;

    private SourceFiles() {
    }

    /** Random bytes in files of 32 MiB, which zstd cannot shrink, so that the archive is as large as the source. */
    static Path writeIncompressible(Path folder, int mebibytes) throws IOException {
        Files.createDirectories(folder);
        SplittableRandom random = new SplittableRandom(9);
        byte[] buffer = new byte[MIB];
        for (int file = 0; file < mebibytes / 32; file++) {
            try (OutputStream out = Files.newOutputStream(folder.resolve("data-" + file + ".bin"))) {
                for (int i = 0; i < 32; i++) {
                    random.nextBytes(buffer);
                    out.write(buffer);
                }
            }
        }
        return folder;
    }
}
