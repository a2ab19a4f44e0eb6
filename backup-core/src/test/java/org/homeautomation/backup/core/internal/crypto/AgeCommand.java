package org.homeautomation.backup.core.internal.crypto;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code age} command for the interoperability tests. age reads a passphrase only from a terminal, so it
 * runs under {@code script}, which gives it a pseudo-terminal: what is written to script's input is what is typed. The
 * lines are written at once and then the input is closed; the terminal buffers them until age reads its prompts.
 * When age or script is missing the tests fail (they are the only proof that other age implementations read our
 * files), saying what to install.
 */
public final class AgeCommand {
    private static final long TIMEOUT_SECONDS = 120;

    private AgeCommand() {
    }

    /** Exit code and everything the terminal showed (prompts, echoed input, errors). */
    public record Result(int exitCode, String terminal) {
    }

    /** Fails the test, saying what to install, unless age, age-keygen and script are on the PATH. */
    public static void requireInstalled() {
        for (String[] command : new String[][] {{"age", "age"}, {"age-keygen", "age"}, {"script", "bsdutils"}}) {
            if (executable(command[0]).isEmpty()) {
                fail("The '" + command[0] + "' command is not installed, and the age interoperability tests need"
                        + " it: install it (Debian: apt-get install " + command[1] + ").");
            }
        }
    }

    /** {@code age -d -o output input}, typing the passphrase at its prompt. */
    public static Result decrypt(Path input, Path output, String passphrase)
            throws IOException, InterruptedException {
        return inTerminal("age -d -o " + quote(output) + " " + quote(input), passphrase + "\n");
    }

    /** {@code age -p -o output input}, typing the passphrase and its confirmation. */
    static Result encryptWithPassphrase(Path input, Path output, String passphrase)
            throws IOException, InterruptedException {
        return inTerminal("age -p -o " + quote(output) + " " + quote(input), passphrase + "\n" + passphrase + "\n");
    }

    /** Makes an X25519 identity in {@code identityFile} and returns its recipient (public key). */
    static String newX25519Recipient(Path identityFile) throws IOException, InterruptedException {
        Result r = run(List.of("age-keygen", "-o", identityFile.toString()), null);
        if (r.exitCode() != 0) {
            fail("age-keygen failed: " + r.terminal());
        }
        return Files.readAllLines(identityFile).stream().filter(l -> l.startsWith("# public key: "))
                .map(l -> l.substring("# public key: ".length())).findFirst()
                .orElseThrow(() -> new AssertionError("age-keygen wrote no public key"));
    }

    /** {@code age -r recipient -o output input}, which needs no terminal. */
    static Result encryptToRecipient(Path input, Path output, String recipient)
            throws IOException, InterruptedException {
        return run(List.of("age", "-r", recipient, "-o", output.toString(), input.toString()), null);
    }

    private static Result inTerminal(String command, String typed) throws IOException, InterruptedException {
        // -q: no "Script started" lines; -e: script exits with age's exit code; /dev/null: no typescript file.
        return run(List.of("script", "-q", "-e", "-c", command, "/dev/null"), typed);
    }

    private static Result run(List<String> command, String typed) throws IOException, InterruptedException {
        Path output = Files.createTempFile("age-command", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            try (OutputStream in = process.getOutputStream()) {
                if (typed != null) {
                    in.write(typed.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("Timed out after " + TIMEOUT_SECONDS + " s: " + command + "; terminal: "
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Optional<Path> executable(String name) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String quote(Path path) {
        String s = path.toAbsolutePath().toString();
        if (s.contains("'")) {
            throw new IllegalArgumentException("A path with a quote cannot be passed to the shell: " + s);
        }
        return "'" + s + "'";
    }
}
