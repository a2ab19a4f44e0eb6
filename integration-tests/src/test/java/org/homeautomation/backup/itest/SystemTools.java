package org.homeautomation.backup.itest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.homeautomation.backup.testsupport.Preconditions;
import org.junit.Assume;

/**
 * The archive as a person restoring by hand sees it: unpacked with the system's {@code tar} and {@code zstd}, without
 * any of our code.
 */
public final class SystemTools {
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private SystemTools() {
    }

    /**
     * Skips the test when {@code tar} or {@code zstd} is not installed, except on CI, where it fails: there the tools
     * are part of the setup ({@link Preconditions}).
     */
    public static void requireTarAndZstd() {
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("tar", "zstd")) {
            if (!Preconditions.runs(tool, "--version")) {
                missing.add(tool);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "The system commands " + missing + " are needed to unpack archives as a person would;"
                + " install them (Debian: apt-get install tar zstd)";
        Assume.assumeTrue(message, Preconditions.hold(false, message));
    }

    /**
     * Unpacks a backup archive: the outer tar into {@code target}, then each {@code <content>.tar.zst} into
     * {@code target/<content>}, removing the compressed files.
     *
     * @param archive the archive
     * @param target an empty folder
     * @return the content names found
     * @throws IOException when a command fails, with its output
     */
    public static List<String> unpack(Path archive, Path target) throws IOException {
        Files.createDirectories(target);
        run(target, "tar", "-xf", archive.toString(), "-C", target.toString());
        List<String> contents = new ArrayList<>();
        try (Stream<Path> files = Files.list(target)) {
            for (Path compressed : files.filter(p -> p.getFileName().toString()
                    .endsWith(ArchiveContents.CONTENT_SUFFIX)).sorted().toList()) {
                String name = compressed.getFileName().toString();
                String content = name.substring(0, name.length() - ArchiveContents.CONTENT_SUFFIX.length());
                Path innerTar = target.resolve(content + ".tar");
                run(target, "zstd", "-d", "-q", compressed.toString(), "-o", innerTar.toString());
                Path folder = Files.createDirectories(target.resolve(content));
                run(target, "tar", "-xf", innerTar.toString(), "-C", folder.toString());
                Files.delete(innerTar);
                Files.delete(compressed);
                contents.add(content);
            }
        }
        return contents;
    }

    /**
     * @param archive a tar file
     * @return the names of its entries in order, as {@code tar -tf} lists them
     * @throws IOException when tar fails
     */
    public static List<String> listEntries(Path archive) throws IOException {
        return run(archive.toAbsolutePath().getParent(), "tar", "-tf", archive.toString()).lines().toList();
    }

    /**
     * Describes a folder tree for comparison: relative path ("/" separated) to "dir" for folders and the SHA-256 of
     * the bytes for files.
     *
     * @param root the folder
     * @return the description, sorted by path
     * @throws IOException when the tree cannot be read
     */
    public static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(p -> !p.equals(root)).toList()) {
                String relative = root.relativize(path).toString().replace('\\', '/');
                tree.put(relative, Files.isDirectory(path) ? "dir" : sha256(path));
            }
        }
        return tree;
    }

    /**
     * @param file a file
     * @return the SHA-256 of its bytes, in hex
     * @throws IOException when it cannot be read
     */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    private static String run(Path directory, String... command) throws IOException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within "
                        + COMMAND_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while running " + String.join(" ", command), e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with exit code " + process.exitValue() + ": "
                    + output);
        }
        return output;
    }
}
