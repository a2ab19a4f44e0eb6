package org.homeautomation.backup.karaf.commands.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

import org.homeautomation.backup.console.FakeBackupManager;

/**
 * Runs actions with their output captured, the way the tests read it.
 */
final class Consoles {
    static final ZoneId UTC = ZoneId.of("UTC");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** Points an action at this console and at the given manager. */
    <T extends BackupCommand> T attach(T command, FakeBackupManager manager) {
        command.manager = manager;
        command.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        command.zone = UTC;
        return command;
    }

    /** @return everything printed so far */
    String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
