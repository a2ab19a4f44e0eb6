package org.homeautomation.backup.karaf.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.homeautomation.backup.testsupport.Preconditions;

/** A restic repository in a folder, as the tests look at it: its packs' size, and the stock restic run on it. */
public final class ResticRepositoryFolder {
    private ResticRepositoryFolder() {
    }

    /** The bytes of the repository's packs; 0 before it has a {@code data} folder. */
    public static long packBytes(Path repository) throws IOException {
        Path data = repository.resolve("data");
        if (!Files.isDirectory(data)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** Whether the stock restic command can be run. */
    public static boolean resticAvailable() {
        return Preconditions.runs("restic", "version");
    }

    /**
     * Runs the stock restic on the repository and returns what it printed; fails the test when restic fails or does
     * not end in time.
     */
    public static String restic(Path repository, Path passwordFile, Duration timeout, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("restic", "-r", repository.toString(), "--password-file",
                passwordFile.toString(), "--no-cache"));
        command.addAll(List.of(arguments));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(command + " did not end within " + timeout, p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(command + " failed:\n" + output, 0, p.exitValue());
        return output;
    }
}
