package org.homeautomation.backup.core.internal.archive.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Makes a data set shaped like the configuration and user data of a home-automation runtime: thousands of small
 * text files (things, items, rules, JSON databases) in nested folders, and a few large files of mixed
 * compressibility (a log, a persistence database, a cache of already-compressed bundles, a snapshot). The same size
 * and seed give the same bytes.
 */
final class DataSetGenerator {
    private static final long MIB = 1L << 20;
    private static final int SMALL_FILES = 4000;
    private static final String[] WORDS = {"Living", "Kitchen", "Bedroom", "Garage", "Garden", "Temperature",
        "Humidity", "Switch", "Dimmer", "Rollershutter", "Contact", "Number", "String", "Motion", "Energy", "Power",
        "Battery", "Window", "Door", "Light", "Heating", "Setpoint", "Presence", "Alarm", "Scene", "Weather"};

    private static final String[] FOLDERS = {"items", "things", "rules", "sitemaps", "persistence", "transform",
        "html", "icons", "scripts", "services", "jsondb", "automation"};

    private final SplittableRandom random = new SplittableRandom(20250101L);

    /** Writes about {@code sizeMib} MiB under {@code root}, which must be empty or absent. */
    void generate(Path root, long sizeMib) throws IOException {
        long total = sizeMib * MIB;
        long small = writeSmallFiles(root.resolve("conf"), Math.min(total / 20, 48 * MIB));
        long rest = Math.max(0, total - small);
        writeLog(root.resolve("userdata/logs/openhab.log"), rest * 30 / 100);
        writeRandom(root.resolve("userdata/cache/bundles.jar"), rest * 25 / 100);
        writeMixed(root.resolve("userdata/persistence/rrd4j/history.rrd"), rest * 25 / 100);
        writeMixed(root.resolve("userdata/backup/snapshot.bin"), rest - rest * 80 / 100);
    }

    private long writeSmallFiles(Path folder, long budget) throws IOException {
        long written = 0;
        long perFile = Math.max(256, budget / SMALL_FILES);
        for (int i = 0; i < SMALL_FILES; i++) {
            Path dir = folder.resolve(FOLDERS[i % FOLDERS.length]).resolve("sub-" + (i % 7))
                    .resolve(i % 3 == 0 ? "deeper/still" : "items");
            Files.createDirectories(dir);
            int size = (int) (perFile / 2 + random.nextLong(perFile));
            StringBuilder text = new StringBuilder(size + 200);
            while (text.length() < size) {
                switch (random.nextInt(3)) {
                    case 0 -> text.append(word()).append(' ').append(word()).append(random.nextInt(100))
                            .append(" \"").append(word()).append(' ').append(word()).append("\" <icon> (g")
                            .append(word()).append(") { channel=\"zwave:device:").append(random.nextInt(999))
                            .append(":node").append(random.nextInt(64)).append(":sensor_").append(word())
                            .append("\" }\n");
                    case 1 -> text.append("  \"").append(word()).append(random.nextInt(50)).append("\": {\"class\": ")
                            .append("\"org.openhab.core.items.ManagedItemProvider$PersistedItem\", \"value\": ")
                            .append(random.nextInt(100000)).append("},\n");
                    default -> text.append(word().toLowerCase()).append('.').append(word().toLowerCase())
                            .append(" = ").append(random.nextInt(1 << 20)).append('\n');
                }
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            Files.write(dir.resolve(word().toLowerCase() + i + (i % 2 == 0 ? ".items" : ".json")), bytes);
            written += bytes.length;
        }
        Files.createDirectories(folder.resolve("empty/folder"));
        return written;
    }

    private void writeLog(Path file, long size) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            long written = 0;
            long second = 1_700_000_000L;
            StringBuilder line = new StringBuilder(200);
            while (written < size) {
                line.setLength(0);
                second += random.nextInt(3);
                line.append("2025-").append(1 + second % 12).append('-').append(1 + second % 28).append(' ')
                        .append(second % 24).append(':').append(second % 60).append(':').append(second % 59)
                        .append('.').append(random.nextInt(1000))
                        .append(" [INFO ] [openhab.event.ItemStateChangedEvent] - Item '")
                        .append(word()).append(word()).append(random.nextInt(40)).append("' changed from ")
                        .append(random.nextInt(1000)).append(" to ").append(random.nextInt(1000)).append('\n');
                byte[] bytes = line.toString().getBytes(StandardCharsets.US_ASCII);
                int n = (int) Math.min(bytes.length, size - written);
                out.write(bytes, 0, n);
                written += n;
            }
        }
    }

    private void writeRandom(Path file, long size) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
    }

    /* 64 KiB blocks, by turns random, a short pattern repeated, and slowly changing numbers. */
    private void writeMixed(Path file, long size) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            long written = 0;
            int kind = 0;
            while (written < size) {
                switch (kind++ % 3) {
                    case 0 -> random.nextBytes(block);
                    case 1 -> {
                        for (int i = 0; i < block.length; i++) {
                            block[i] = (byte) ("rrd4j-archive-".charAt(i % 14) + (i / 4096));
                        }
                    }
                    default -> {
                        long v = random.nextLong();
                        for (int i = 0; i < block.length; i += 8) {
                            v += random.nextInt(16);
                            for (int b = 0; b < 8; b++) {
                                block[i + b] = (byte) (v >>> (8 * b));
                            }
                        }
                    }
                }
                int n = (int) Math.min(block.length, size - written);
                out.write(block, 0, n);
                written += n;
            }
        }
    }

    private String word() {
        return WORDS[random.nextInt(WORDS.length)];
    }
}
