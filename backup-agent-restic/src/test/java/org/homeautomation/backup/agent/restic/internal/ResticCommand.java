package org.homeautomation.backup.agent.restic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.homeautomation.backup.testsupport.Preconditions;

/** The stock {@code restic} command on one repository, for interoperability tests. */
final class ResticCommand {
    private static final long TIMEOUT_MINUTES = 5;

    private final String repository;
    private final String password;
    /** Environment variables beyond the repository and password: an S3 store's credentials. */
    private final Map<String, String> environment;
    /** Options before the command's arguments: an S3 store's bucket lookup. */
    private final List<String> options;

    private ResticCommand(String repository, String password, Map<String, String> environment,
            List<String> options) {
        this.repository = repository;
        this.password = password;
        this.environment = environment;
        this.options = options;
    }

    /** Skips the test where restic is not installed, fails it on CI (.ci/run installs Debian's restic). */
    static ResticCommand on(Path repository, String password) {
        requireRestic();
        return new ResticCommand(repository.toString(), password, Map.of(), List.of());
    }

    /**
     * restic on a repository in an S3 store that wants path-style requests (S3Proxy), as restic names it:
     * {@code s3:http://127.0.0.1:<port>/<bucket>/<prefix>}.
     */
    static ResticCommand onS3(String location, String password, String accessKey, String secretKey) {
        requireRestic();
        return new ResticCommand(location, password, Map.of("AWS_ACCESS_KEY_ID", accessKey,
                "AWS_SECRET_ACCESS_KEY", secretKey), List.of("-o", "s3.bucket-lookup=path"));
    }

    private static void requireRestic() {
        Preconditions.require(Preconditions.runs("restic", "version"),
                "The stock restic command is not installed (apt-get install restic)");
    }

    /** The result of one run. */
    record Result(int exitCode, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /** Runs restic with these arguments; asserts that it succeeds and returns its standard output. */
    String run(String... args) throws IOException, InterruptedException {
        Result result = runWithInput(null, args);
        assertEquals(0, result.exitCode(), () -> "restic " + String.join(" ", args) + " failed:\n" + result.out()
                + result.stderr());
        return result.out();
    }

    Result runWithInput(Path stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("restic");
        command.add("--no-cache");
        command.addAll(options);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        builder.environment().put("RESTIC_REPOSITORY", repository);
        builder.environment().put("RESTIC_PASSWORD", password);
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        } else {
            builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        }
        Process process = builder.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("restic " + String.join(" ", args) + " did not end in " + TIMEOUT_MINUTES
                    + " minutes");
        }
        return new Result(process.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
    }

    /** {@code restic dump} of one file of a snapshot, into a file. */
    Path dump(String snapshot, String file, Path target) throws IOException, InterruptedException {
        Result result = runWithInput(null, "dump", snapshot, file);
        assertEquals(0, result.exitCode(), () -> "restic dump failed: " + result.stderr());
        Files.write(target, result.stdout());
        return target;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
