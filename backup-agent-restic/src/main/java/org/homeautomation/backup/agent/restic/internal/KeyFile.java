package org.homeautomation.backup.agent.restic.internal;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bouncycastle.crypto.generators.SCrypt;
import org.homeautomation.backup.support.json.Json;

/**
 * A file of restic's {@code keys/} folder: scrypt parameters, a salt and the repository's master key sealed with the
 * key that scrypt derives from a password. Plain JSON, not encrypted itself.
 */
final class KeyFile {
    /** scrypt's cost for keys we make: 32 MiB of memory (128 * N * r bytes), a fraction of a second. */
    static final int DEFAULT_N = 1 << 15;
    static final int DEFAULT_R = 8;
    static final int DEFAULT_P = 1;
    /** Bounds on what we accept from a key file: scrypt needs 128 * N * r bytes (at most 128 MiB; restic makes 64). */
    private static final long MAX_N_TIMES_R = (1L << 17) * 8;

    private KeyFile() {
    }

    /** The key file was not one we can read (not JSON, not scrypt, parameters out of range). */
    static final class UnreadableKeyFileException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableKeyFileException(String message) {
            super(message);
        }
    }

    /**
     * Opens a key file with a password.
     *
     * @return the master key it holds
     * @throws MasterKey.WrongKeyException when the password is not this key file's
     * @throws UnreadableKeyFileException when the file is not a key file we understand
     */
    static MasterKey open(byte[] file, String password) throws MasterKey.WrongKeyException,
            UnreadableKeyFileException {
        Map<?, ?> json = parseObject(file);
        if (!"scrypt".equals(json.get("kdf"))) {
            throw new UnreadableKeyFileException("its kdf is " + json.get("kdf") + ", not scrypt");
        }
        long n = number(json, "N");
        long r = number(json, "r");
        long p = number(json, "p");
        if (n < 2 || n > Integer.MAX_VALUE || Long.bitCount(n) != 1 || r < 1 || p < 1 || p > 16
                || n * r > MAX_N_TIMES_R) {
            throw new UnreadableKeyFileException("its scrypt parameters N=" + n + ", r=" + r + ", p=" + p
                    + " are out of the range we accept");
        }
        byte[] salt = base64(json, "salt");
        byte[] data = base64(json, "data");
        byte[] derived = SCrypt.generate(password.getBytes(StandardCharsets.UTF_8), salt, (int) n, (int) r, (int) p,
                64);
        byte[] plain = MasterKey.fromDerivedBytes(derived).open(data);
        Map<?, ?> master = parseObject(plain);
        if (!(master.get("mac") instanceof Map<?, ?> mac)) {
            throw new UnreadableKeyFileException("its master key has no MAC key");
        }
        try {
            return new MasterKey(base64(master, "encrypt"), base64(mac, "k"), base64(mac, "r"));
        } catch (IllegalArgumentException e) {
            throw new UnreadableKeyFileException("its master key has keys of the wrong length");
        }
    }

    /** Makes a key file that opens {@code master} with {@code password}. */
    static byte[] create(MasterKey master, String password, int n, int r, int p) {
        byte[] salt = new byte[64];
        new SecureRandom().nextBytes(salt);
        byte[] derived = SCrypt.generate(password.getBytes(StandardCharsets.UTF_8), salt, n, r, p, 64);
        Map<String, Object> mac = new LinkedHashMap<>();
        mac.put("k", Base64.getEncoder().encodeToString(master.macK()));
        mac.put("r", Base64.getEncoder().encodeToString(master.macR()));
        Map<String, Object> masterJson = new LinkedHashMap<>();
        masterJson.put("mac", mac);
        masterJson.put("encrypt", Base64.getEncoder().encodeToString(master.encryptionKey()));
        byte[] sealed = MasterKey.fromDerivedBytes(derived)
                .seal(Json.write(masterJson).getBytes(StandardCharsets.UTF_8));

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("created", OffsetDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        json.put("username", System.getProperty("user.name", ""));
        json.put("hostname", hostname());
        json.put("kdf", "scrypt");
        json.put("N", (long) n);
        json.put("r", (long) r);
        json.put("p", (long) p);
        json.put("salt", Base64.getEncoder().encodeToString(salt));
        json.put("data", Base64.getEncoder().encodeToString(sealed));
        return Json.write(json).getBytes(StandardCharsets.UTF_8);
    }

    static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    private static Map<?, ?> parseObject(byte[] bytes) throws UnreadableKeyFileException {
        try {
            if (Json.parse(new String(bytes, StandardCharsets.UTF_8)) instanceof Map<?, ?> map) {
                return map;
            }
        } catch (IllegalArgumentException e) {
            // reported below without quoting the bytes, which may be key material
        }
        throw new UnreadableKeyFileException("it is not a JSON object");
    }

    private static long number(Map<?, ?> json, String key) throws UnreadableKeyFileException {
        if (json.get(key) instanceof Long value) {
            return value;
        }
        throw new UnreadableKeyFileException("its field " + key + " is not a number");
    }

    private static byte[] base64(Map<?, ?> json, String key) throws UnreadableKeyFileException {
        try {
            if (json.get(key) instanceof String value) {
                return Base64.getDecoder().decode(value);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new UnreadableKeyFileException("its field " + key + " is not Base64");
    }
}
