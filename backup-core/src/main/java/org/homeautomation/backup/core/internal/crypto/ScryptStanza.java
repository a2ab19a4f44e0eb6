package org.homeautomation.backup.core.internal.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.generators.SCrypt;

/**
 * The scrypt recipient stanza of an age header: the file key sealed with a key that scrypt derives from the passphrase
 * and a random salt, {@code -> scrypt <salt> <logN>} followed by the sealed key in base64.
 */
final class ScryptStanza {
    private static final int SCRYPT_R = 8;
    private static final int SCRYPT_P = 1;
    private static final int WRAP_KEY_SIZE = 32;
    private static final String AEAD = "ChaCha20-Poly1305";

    private final byte[] salt;
    private final int logN;
    private final byte[] body;

    private ScryptStanza(byte[] salt, int logN, byte[] body) {
        this.salt = salt;
        this.logN = logN;
        this.body = body;
    }

    /** Seals {@code fileKey} for {@code passphrase} under a fresh salt. */
    static ScryptStanza wrap(byte[] fileKey, char[] passphrase, int logN, SecureRandom random) {
        byte[] salt = new byte[AgeFormat.SALT_SIZE];
        random.nextBytes(salt);
        byte[] wrapKey = wrapKey(passphrase, salt, logN);
        try {
            return new ScryptStanza(salt, logN, seal(wrapKey, fileKey));
        } finally {
            Arrays.fill(wrapKey, (byte) 0);
        }
    }

    /**
     * Checks the stanza's arguments and body as the specification requires, and its work factor against the limit,
     * all before scrypt runs.
     *
     * @param args     the stanza's arguments, the type "scrypt" first
     * @param body     the stanza body's base64, lines joined
     * @param maxLogN  the highest work factor accepted
     */
    static ScryptStanza parse(List<String> args, String body, int maxLogN)
            throws DamagedCiphertextException, UnsupportedAgeFileException {
        if (args.size() != 3) {
            throw DamagedCiphertextException.malformedHeader(
                    "the scrypt stanza has " + (args.size() - 1) + " arguments instead of 2");
        }
        byte[] salt = AgeBase64.decode(args.get(1), AgeFormat.SALT_SIZE, "the scrypt salt");
        String workFactor = args.get(2);
        if (!workFactor.matches("[1-9][0-9]*")) {
            throw DamagedCiphertextException.malformedHeader(
                    "the scrypt work factor is not a decimal number without leading zeros");
        }
        // Two digits are enough for any work factor that could ever run; longer numbers must not overflow parseInt.
        int logN = workFactor.length() > 2 ? Integer.MAX_VALUE : Integer.parseInt(workFactor);
        if (logN > maxLogN) {
            String shown = workFactor.length() > 4 ? workFactor.substring(0, 4) + "..." : workFactor;
            throw new UnsupportedAgeFileException("The age file's scrypt work factor is 2^" + shown
                    + ", which needs " + memoryNeeded(logN) + " of memory; the accepted maximum is 2^" + maxLogN
                    + " (" + memoryNeeded(maxLogN) + "). Files this application writes never exceed 2^"
                    + AgeFileKey.MAX_LOG_N + "; larger work factors are refused to protect this device's memory.");
        }
        byte[] sealed = AgeBase64.decode(body, AgeFormat.WRAPPED_FILE_KEY_SIZE, "the scrypt stanza body");
        return new ScryptStanza(salt, logN, sealed);
    }

    /**
     * @return the file key, which the caller wipes
     * @throws WrongPassphraseException when the sealed key does not authenticate under the passphrase
     */
    byte[] unwrap(char[] passphrase) throws WrongPassphraseException {
        byte[] wrapKey = wrapKey(passphrase, salt, logN);
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, wrapKey);
            return cipher.doFinal(body);
        } catch (AEADBadTagException e) {
            throw new WrongPassphraseException();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 is required of every Java runtime since Java 11", e);
        } finally {
            Arrays.fill(wrapKey, (byte) 0);
        }
    }

    /** @return the base-two logarithm of the scrypt work factor */
    int logN() {
        return logN;
    }

    /** @return the stanza as it appears in the header: argument line and wrapped body, each line ending in LF */
    String encode() {
        StringBuilder text = new StringBuilder().append(AgeFormat.STANZA_PREFIX).append(AgeFormat.SCRYPT_TYPE)
                .append(' ').append(AgeBase64.encode(salt)).append(' ').append(logN).append('\n');
        String encoded = AgeBase64.encode(body);
        int i = 0;
        while (encoded.length() - i >= AgeFormat.BODY_COLUMNS) {
            text.append(encoded, i, i + AgeFormat.BODY_COLUMNS).append('\n');
            i += AgeFormat.BODY_COLUMNS;
        }
        // The last line is shorter than 64 columns, empty when the body fills its lines exactly.
        return text.append(encoded, i, encoded.length()).append('\n').toString();
    }

    /** @return the memory scrypt needs at this work factor with r = 8: 1 KiB times 2^logN, for messages */
    static String memoryNeeded(int logN) {
        if (logN < 10) {
            return (1L << logN) + " KiB";
        }
        if (logN < 20) {
            return (1L << (logN - 10)) + " MiB";
        }
        if (logN < 50) {
            return (1L << (logN - 20)) + " GiB";
        }
        return "more than a million TiB";
    }

    private static byte[] wrapKey(char[] passphrase, byte[] salt, int logN) {
        byte[] password = Passphrases.utf8(passphrase);
        byte[] scryptSalt = new byte[AgeFormat.SCRYPT_SALT_LABEL.length + salt.length];
        System.arraycopy(AgeFormat.SCRYPT_SALT_LABEL, 0, scryptSalt, 0, AgeFormat.SCRYPT_SALT_LABEL.length);
        System.arraycopy(salt, 0, scryptSalt, AgeFormat.SCRYPT_SALT_LABEL.length, salt.length);
        try {
            return SCrypt.generate(password, scryptSalt, 1 << logN, SCRYPT_R, SCRYPT_P, WRAP_KEY_SIZE);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    private static byte[] seal(byte[] wrapKey, byte[] fileKey) {
        try {
            return cipher(Cipher.ENCRYPT_MODE, wrapKey).doFinal(fileKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 is required of every Java runtime since Java 11", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key) throws GeneralSecurityException {
        // A fresh Cipher each time: the key is used with the all-zero nonce exactly once, as the format intends.
        Cipher cipher = Cipher.getInstance(AEAD);
        cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(new byte[12]));
        return cipher;
    }
}
