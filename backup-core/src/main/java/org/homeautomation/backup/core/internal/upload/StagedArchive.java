package org.homeautomation.backup.core.internal.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.homeautomation.backup.api.BackupSource;

/**
 * The archive in the staging folder, as handed to agents: each {@link #open()} reads the same file from the start.
 *
 * @param path the staged archive
 * @param size its size
 */
public record StagedArchive(Path path, long size) implements BackupSource {

    @Override
    public InputStream open() throws IOException {
        return Files.newInputStream(path);
    }

    @Override
    public Optional<Path> file() {
        return Optional.of(path);
    }
}
