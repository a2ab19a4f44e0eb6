package org.homeautomation.backup.itest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A folder as people have them: nested folders, an empty one, names in several scripts, text and binary files.
 */
public final class SampleTree {
    private SampleTree() {
    }

    /**
     * Writes the tree.
     *
     * @param root the folder to fill; created if missing
     * @return the root
     * @throws IOException when it cannot be written
     */
    public static Path write(Path root) throws IOException {
        Files.createDirectories(root);
        Files.writeString(root.resolve("readme.txt"), "Backups of the living room controller\n");
        Path deep = Files.createDirectories(root.resolve("config/zones/upstairs"));
        Files.writeString(deep.resolve("thermostat.cfg"), "setpoint=21.5\nmode=auto\n".repeat(200));
        Files.createDirectories(root.resolve("empty folder"));
        Path unicode = Files.createDirectories(root.resolve("Fotos Küche"));
        Files.writeString(unicode.resolve("Grüße aus Köln – 日本語 ✓.txt"), "Ünïcödé content ✓\n",
                StandardCharsets.UTF_8);
        byte[] noise = new byte[300 * 1024];
        new Random(42).nextBytes(noise);
        Files.write(root.resolve("config/state.bin"), noise);
        Files.write(root.resolve("config/empty.dat"), new byte[0]);
        return root;
    }
}
