package org.homeautomation.backup.agent.restic.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.homeautomation.backup.agent.restic.internal.RepositoryStorage.FileType;
import org.homeautomation.backup.support.json.Json;

import com.github.luben.zstd.Zstd;

/**
 * An open restic repository of format version 2: its storage (a folder, an S3 bucket), master key and config.
 * Reads and writes the repository's unpacked files (snapshots, index, locks), encrypted and, in version 2,
 * zstd-compressed behind an encoding byte. Thread-safe: the key and config never change once the repository is open.
 */
final class Repository {
    static final int VERSION = 2;
    /** Unpacked files larger than this are refused: restic keeps index files below 8 MiB, snapshots are small. */
    static final int MAX_UNPACKED_SIZE = 64 * 1024 * 1024;
    /** The zstd level of everything we compress: restic's default ("auto") is zstd's fastest level too. */
    static final int ZSTD_LEVEL = 1;
    private static final byte ENCODING_ZSTD = 2;

    private final RepositoryStorage storage;
    private final MasterKey key;
    private final String id;
    private final long chunkerPolynomial;

    private Repository(RepositoryStorage storage, MasterKey key, String id, long chunkerPolynomial) {
        this.storage = storage;
        this.key = key;
        this.id = id;
        this.chunkerPolynomial = chunkerPolynomial;
    }

    RepositoryStorage storage() {
        return storage;
    }

    MasterKey key() {
        return key;
    }

    /** The repository's id from its config. */
    String id() {
        return id;
    }

    long chunkerPolynomial() {
        return chunkerPolynomial;
    }

    /** Opens the repository in a folder; see {@link #open(RepositoryStorage, String)}. */
    static Repository open(Path root, String password) throws RepositoryException, IOException {
        return open(new RepositoryFolder(root), password);
    }

    /**
     * Opens a repository: finds the key file that the password opens, then reads the config.
     *
     * @throws RepositoryException naming the repository and what to do when it is not a repository, no key opens with
     *         the password, or its version is not 2
     */
    static Repository open(RepositoryStorage storage, String password) throws RepositoryException, IOException {
        String root = storage.location();
        storage.requirePlace();
        if (!storage.hasConfig()) {
            throw new RepositoryException(RepositoryException.Reason.MISSING, "The " + storage.describe()
                    + " holds no restic repository (no config file); check the path, or set initialize=true to"
                    + " create a new repository there");
        }
        MasterKey key = null;
        int unreadable = 0;
        for (String keyId : storage.list(FileType.KEY)) {
            try {
                key = KeyFile.open(storage.read(FileType.KEY, keyId), password);
                break;
            } catch (MasterKey.WrongKeyException e) {
                // not this key's password; try the next
            } catch (KeyFile.UnreadableKeyFileException e) {
                unreadable++;
            }
        }
        if (key == null) {
            throw new RepositoryException(RepositoryException.Reason.WRONG_PASSWORD, "The password does not open"
                    + " the restic repository " + root + ": no key file in its keys/ folder opens with it"
                    + (unreadable > 0 ? " (" + unreadable + " key files were unreadable)" : "")
                    + "; check the agent's password or passwordFile");
        }
        byte[] config;
        try {
            config = decode(key.open(storage.readConfig()));
        } catch (MasterKey.WrongKeyException | IllegalArgumentException e) {
            throw new RepositoryException(RepositoryException.Reason.DAMAGED, "The config file of the restic"
                    + " repository " + root + " cannot be decrypted with its master key (" + e.getMessage()
                    + "); the repository is damaged, check it with 'restic check'");
        }
        return fromConfig(storage, key, config);
    }

    private static Repository fromConfig(RepositoryStorage storage, MasterKey key, byte[] config)
            throws RepositoryException {
        String root = storage.location();
        Map<?, ?> json;
        try {
            json = (Map<?, ?>) Json.parse(new String(config, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new RepositoryException(RepositoryException.Reason.DAMAGED, "The config file of the restic"
                    + " repository " + root + " is not the JSON object restic writes; the repository is damaged");
        }
        if (!Long.valueOf(VERSION).equals(json.get("version"))) {
            throw new RepositoryException(RepositoryException.Reason.UNSUPPORTED_VERSION, "The restic repository "
                    + root + " has version " + json.get("version") + "; this agent reads version " + VERSION
                    + " only (upgrade it with 'restic migrate upgrade_repo_v2')");
        }
        Object repositoryId = json.get("id");
        Object polynomial = json.get("chunker_polynomial");
        long pol;
        try {
            pol = Long.parseUnsignedLong((String) polynomial, 16);
        } catch (RuntimeException e) {
            pol = 0;
        }
        if (!(repositoryId instanceof String) || !Polynomial.irreducible(pol)) {
            throw new RepositoryException(RepositoryException.Reason.DAMAGED, "The config file of the restic"
                    + " repository " + root + " has no valid id or chunker polynomial; the repository is damaged");
        }
        return new Repository(storage, key, (String) repositoryId, pol);
    }

    /** Makes a new repository in a folder; see {@link #initialize(RepositoryStorage, String)}. */
    static Repository initialize(Path root, String password) throws RepositoryException, IOException {
        return initialize(new RepositoryFolder(root), password);
    }

    /**
     * Makes a new, empty repository of version 2 in a place that is missing or empty, with one key file for the
     * password.
     *
     * @throws RepositoryException when the place exists and is not empty
     */
    static Repository initialize(RepositoryStorage storage, String password) throws RepositoryException, IOException {
        if (!storage.isMissingOrEmpty()) {
            throw new RepositoryException(RepositoryException.Reason.NOT_EMPTY, "Cannot create a restic repository"
                    + " in the " + storage.describe() + ": it is not empty and holds no repository");
        }
        storage.createLayout();
        MasterKey key = MasterKey.random();
        byte[] keyFile = KeyFile.create(key, password, KeyFile.DEFAULT_N, KeyFile.DEFAULT_R, KeyFile.DEFAULT_P);
        storage.write(FileType.KEY, Ids.hash(keyFile), keyFile);
        SecureRandom random = new SecureRandom();
        byte[] idBytes = new byte[32];
        random.nextBytes(idBytes);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("version", (long) VERSION);
        config.put("id", HexFormat.of().formatHex(idBytes));
        config.put("chunker_polynomial", Long.toHexString(Polynomial.randomIrreducible(random)));
        byte[] json = Json.write(config).getBytes(StandardCharsets.UTF_8);
        // the config stays uncompressed: restic reads it before it knows the repository's version
        storage.writeConfig(key.seal(json));
        return fromConfig(storage, key, json);
    }

    /**
     * Reads an unpacked file (snapshot, index, lock) and returns its JSON.
     *
     * @throws RepositoryException when the file cannot be decrypted or decoded
     * @throws NoSuchFileException when it is gone (deleted by a prune meanwhile)
     */
    byte[] loadJson(FileType type, String fileId) throws RepositoryException, IOException {
        String path = storage.name(type, fileId);
        if (storage.size(type, fileId) > MAX_UNPACKED_SIZE) {
            throw new RepositoryException(RepositoryException.Reason.DAMAGED, "The file " + path + " of the restic"
                    + " repository is larger than " + MAX_UNPACKED_SIZE + " bytes; it is not one restic writes");
        }
        byte[] stored = storage.read(type, fileId);
        if (!Ids.hash(stored).equals(fileId)) {
            throw new RepositoryException(RepositoryException.Reason.DAMAGED, "The file " + path + " of the restic"
                    + " repository does not match its name's hash: it is damaged; run 'restic check'");
        }
        try {
            return decode(key.open(stored));
        } catch (MasterKey.WrongKeyException | IllegalArgumentException e) {
            throw new RepositoryException(RepositoryException.Reason.DAMAGED, "The file " + path + " of the restic"
                    + " repository cannot be read (" + e.getMessage() + "); it is damaged, run 'restic check'");
        }
    }

    /** Encodes, compresses and encrypts JSON and stores it as a file named by its hash; returns that id. */
    String saveJson(FileType type, byte[] json) throws IOException {
        byte[] compressed = Zstd.compress(json, ZSTD_LEVEL);
        byte[] plain = new byte[compressed.length + 1];
        plain[0] = ENCODING_ZSTD;
        System.arraycopy(compressed, 0, plain, 1, compressed.length);
        byte[] sealed = key.seal(plain);
        String fileId = Ids.hash(sealed);
        storage.write(type, fileId, sealed);
        return fileId;
    }

    /** The JSON of a decrypted unpacked file: plain JSON (version 1 and the config) or encoding byte 2 and zstd. */
    private static byte[] decode(byte[] plain) {
        if (plain.length == 0) {
            throw new IllegalArgumentException("the file is empty");
        }
        if (plain[0] == '{' || plain[0] == '[') {
            return plain;
        }
        if (plain[0] != ENCODING_ZSTD) {
            throw new IllegalArgumentException("unknown encoding " + (plain[0] & 0xff));
        }
        return Compression.decompress(Arrays.copyOfRange(plain, 1, plain.length), MAX_UNPACKED_SIZE);
    }
}
