package org.homeautomation.backup.core.internal.archive.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The data of {@code benchmark/dedup-benchmark.sh}: day 1 is the benchmark data set ({@link DataSetGenerator}) plus
 * what a home-automation runtime keeps besides (an SQLite database of 4 KiB pages, an event log, small round-robin
 * files, one per item); day 2 is a copy of day 1 after one night of that runtime, made in place by {@link #night}.
 * The same seed gives the same bytes.
 */
final class NightlyChanges {
    private static final int PAGE = 4096;
    private static final int ROUND_ROBIN_FILES = 40;
    private static final int ROUND_ROBIN_SIZE = 128 << 10;

    private final SplittableRandom random = new SplittableRandom(20250102L);

    /** Writes day 1 of about {@code sizeMib} MiB under {@code root}. */
    void dayOne(Path root, long sizeMib) throws IOException {
        long extras = sizeMib / 8;
        new DataSetGenerator().generate(root, sizeMib - extras);
        Path userdata = root.resolve("userdata");
        Path db = userdata.resolve("persistence/jdbc/openhab.sqlite");
        Files.createDirectories(db.getParent());
        Files.createFile(db);
        appendPages(db, (int) ((extras << 20) * 6 / 10 / PAGE));
        appendLog(userdata.resolve("logs/events.log"), (extras << 20) * 3 / 10);
        for (int i = 0; i < ROUND_ROBIN_FILES; i++) {
            Path rrd = userdata.resolve("persistence/rrd4j/item" + i + ".rrd");
            byte[] bytes = new byte[ROUND_ROBIN_SIZE];
            for (int at = 0; at < bytes.length; at += 8) {
                putSample(bytes, at, i);
            }
            Files.write(rrd, bytes);
        }
    }

    /** Changes a copy of day 1 in place into day 2. */
    void night(Path root) throws IOException {
        Path conf = root.resolve("conf");
        List<Path> configuration;
        try (Stream<Path> files = Files.walk(conf)) {
            configuration = files.filter(Files::isRegularFile).sorted().toList();
        }
        for (int i = 0; i < 5; i++) {
            Path edited = configuration.get(random.nextInt(configuration.size()));
            String text = Files.readString(edited);
            int at = text.indexOf('\n', text.length() / 2) + 1;
            Files.writeString(edited, text.substring(0, at) + "// changed by the user: Kitchen light scene "
                    + random.nextInt(100) + "\n" + text.substring(at));
        }
        Files.writeString(conf.resolve("items/new-garden.items"), "Switch GardenPump \"Garden pump\" "
                + "{ channel=\"zwave:device:c0ffee:node42:switch_binary\" }\n");

        Path userdata = root.resolve("userdata");
        Path logs = userdata.resolve("logs");
        Files.move(logs.resolve("openhab.log"), logs.resolve("openhab.log.1"));
        appendLog(logs.resolve("openhab.log"), 1 << 20);
        appendLog(logs.resolve("events.log"), 2 << 20);

        Path db = userdata.resolve("persistence/jdbc/openhab.sqlite");
        long pages = Files.size(db) / PAGE;
        try (FileChannel channel = FileChannel.open(db, StandardOpenOption.WRITE)) {
            // The header page (SQLite's change counter) and a few b-tree pages.
            channel.write(ByteBuffer.wrap(page()), 0);
            for (int i = 0; i < 3; i++) {
                channel.write(ByteBuffer.wrap(page()), random.nextLong(pages) * PAGE);
            }
        }
        appendPages(db, (2 << 20) / PAGE);

        for (int i = 0; i < 8; i++) {
            Path rrd = userdata.resolve("persistence/rrd4j/item" + random.nextInt(ROUND_ROBIN_FILES) + ".rrd");
            try (FileChannel channel = FileChannel.open(rrd, StandardOpenOption.WRITE)) {
                for (int slot = 0; slot < 4; slot++) {
                    byte[] sample = new byte[8];
                    putSample(sample, 0, i);
                    channel.write(ByteBuffer.wrap(sample), random.nextInt(ROUND_ROBIN_SIZE / 8) * 8L);
                }
            }
        }

        Path backups = Files.createDirectories(userdata.resolve("export"));
        byte[] export = new byte[1 << 20];
        random.nextBytes(export);
        Files.write(backups.resolve("zwave-network.zip"), export);
        Files.writeString(backups.resolve("devices.json"), "{\"devices\": [" + "{\"node\": 42},".repeat(5000)
                + "{}]}\n");
    }

    /* Pages of table rows: a page header, then rows of an id, a timestamp, an item name and a value. */
    private void appendPages(Path db, int count) throws IOException {
        try (OutputStream out = Files.newOutputStream(db, StandardOpenOption.APPEND)) {
            for (int i = 0; i < count; i++) {
                out.write(page());
            }
        }
    }

    private byte[] page() {
        ByteBuffer page = ByteBuffer.allocate(PAGE);
        page.put((byte) 13).putShort((short) 0).putShort((short) 40).putInt(random.nextInt());
        while (page.remaining() > 64) {
            page.putLong(random.nextInt(1 << 24)).putLong(1_735_000_000_000L + random.nextInt(1 << 30));
            page.put(("Item" + random.nextInt(300)).getBytes(StandardCharsets.US_ASCII));
            page.putDouble(Math.round(random.nextDouble() * 1000) / 10.0);
        }
        return page.array();
    }

    private void appendLog(Path log, long size) throws IOException {
        StringBuilder text = new StringBuilder();
        long second = 1_735_000_000L + random.nextInt(1 << 20);
        while (text.length() < size) {
            second += random.nextInt(3);
            text.append("2025-01-").append(10 + second % 20).append(' ').append(second % 24).append(':')
                    .append(second % 60).append(':').append(second % 59).append(" [INFO ] [openhab.event.")
                    .append(random.nextInt(2) == 0 ? "ItemStateChangedEvent" : "ItemCommandEvent")
                    .append("] - Item 'Sensor").append(random.nextInt(300)).append("' changed from ")
                    .append(random.nextInt(1000)).append(" to ").append(random.nextInt(1000)).append('\n');
        }
        Files.writeString(log, text.substring(0, (int) size), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /* A round-robin sample: a slowly changing reading, as rrd4j stores them. */
    private void putSample(byte[] bytes, int at, int item) {
        double value = 20 + item + random.nextInt(50) / 10.0;
        ByteBuffer.wrap(bytes, at, 8).putDouble(value);
    }
}
