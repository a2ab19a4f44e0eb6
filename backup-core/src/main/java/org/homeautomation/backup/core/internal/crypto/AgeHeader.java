package org.homeautomation.backup.core.internal.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

import javax.crypto.Mac;

/**
 * The textual header of an age v1 file with one scrypt stanza: writing it, and reading and checking one. Reading is
 * strict (one LF-terminated line at a time, limits on every length) and stops at the header's last line, so the
 * stream is left at the payload nonce.
 */
final class AgeHeader {
    /** No line of a header this class accepts comes near this; it bounds what garbage input can make us buffer. */
    private static final int MAX_LINE_LENGTH = 4096;
    private static final int MAX_BODY_LINES = 16;

    private final ScryptStanza stanza;
    private final byte[] macInput;
    private final byte[] mac;

    private AgeHeader(ScryptStanza stanza, byte[] macInput, byte[] mac) {
        this.stanza = stanza;
        this.macInput = macInput;
        this.mac = mac;
    }

    /** @return the complete header, from the version line to the MAC line's LF, authenticated with {@code fileKey} */
    static byte[] write(ScryptStanza stanza, byte[] fileKey) {
        String text = AgeFormat.VERSION_LINE + "\n" + stanza.encode() + AgeFormat.MAC_PREFIX;
        byte[] macInput = text.getBytes(StandardCharsets.US_ASCII);
        String macLine = " " + AgeBase64.encode(mac(fileKey, macInput)) + "\n";
        byte[] tail = macLine.getBytes(StandardCharsets.US_ASCII);
        byte[] header = Arrays.copyOf(macInput, macInput.length + tail.length);
        System.arraycopy(tail, 0, header, macInput.length, tail.length);
        return header;
    }

    /**
     * Reads the header, leaving {@code in} at the first byte after it.
     *
     * @param maxLogN the highest scrypt work factor accepted
     * @throws DamagedCiphertextException   when the input is not an age file or its header is malformed
     * @throws UnsupportedAgeFileException  when it is an age file this package does not open
     * @throws IOException                  when reading fails
     */
    static AgeHeader read(InputStream in, int maxLogN) throws IOException {
        Lines lines = new Lines(in);
        readVersionLine(lines);
        ScryptStanza stanza = null;
        while (true) {
            int lineStart = lines.size();
            String line = lines.next();
            if (line.startsWith(AgeFormat.STANZA_PREFIX)) {
                List<String> args = arguments(line);
                String type = args.get(0);
                if (!type.equals(AgeFormat.SCRYPT_TYPE)) {
                    if (stanza != null) {
                        throw DamagedCiphertextException.malformedHeader(
                                "a passphrase stanza is mixed with other recipients, which age forbids");
                    }
                    throw new UnsupportedAgeFileException("This is not a passphrase-protected age file: it is"
                            + " encrypted to a recipient of type '" + shorten(type) + "'. Decrypt it with the matching"
                            + " identity (for example with the age command and -i), or use a backup encrypted"
                            + " with a passphrase.");
                }
                if (stanza != null) {
                    throw DamagedCiphertextException.malformedHeader(
                            "it holds more than one scrypt stanza, which age forbids");
                }
                stanza = ScryptStanza.parse(args, body(lines), maxLogN);
            } else if (line.startsWith(AgeFormat.MAC_PREFIX)) {
                if (stanza == null) {
                    throw DamagedCiphertextException.malformedHeader("it has no recipient stanza");
                }
                if (!line.startsWith(AgeFormat.MAC_PREFIX + " ")) {
                    throw DamagedCiphertextException.malformedHeader("the MAC line lacks the space after ---");
                }
                byte[] mac = AgeBase64.decode(line.substring(AgeFormat.MAC_PREFIX.length() + 1),
                        AgeFormat.MAC_SIZE, "the header MAC");
                byte[] macInput = Arrays.copyOf(lines.bytes(), lineStart + AgeFormat.MAC_PREFIX.length());
                return new AgeHeader(stanza, macInput, mac);
            } else {
                throw DamagedCiphertextException.malformedHeader(
                        "a line starts with neither '-> ' nor '---'");
            }
        }
    }

    /** @return the scrypt stanza that holds the file key */
    ScryptStanza stanza() {
        return stanza;
    }

    /** @throws DamagedCiphertextException when the MAC does not match the header under {@code fileKey} */
    void verifyMac(byte[] fileKey) throws DamagedCiphertextException {
        if (!MessageDigest.isEqual(mac, mac(fileKey, macInput))) {
            throw DamagedCiphertextException.badHeaderMac();
        }
    }

    private static byte[] mac(byte[] fileKey, byte[] macInput) {
        byte[] key = Hkdf.deriveKey(fileKey, new byte[0], AgeFormat.HEADER_KEY_INFO);
        try {
            Mac hmac = Hkdf.hmacSha256(key);
            return hmac.doFinal(macInput);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static void readVersionLine(Lines lines) throws IOException {
        String line = lines.first(Math.max(AgeFormat.ARMOR_LINE.length(), AgeFormat.VERSION_LINE.length()) + 64);
        if (line.equals(AgeFormat.VERSION_LINE)) {
            return;
        }
        if (line.startsWith(AgeFormat.ARMOR_LINE)) {
            throw new UnsupportedAgeFileException("This age file is ASCII-armored (PEM), which is not supported."
                    + " Convert it to the binary format first: age -d and age -e, or strip the armor.");
        }
        if (line.startsWith(AgeFormat.VERSION_PREFIX) && line.length() > AgeFormat.VERSION_PREFIX.length()
                && printable(line)) {
            throw new UnsupportedAgeFileException("This is an age file of version '"
                    + line.substring(AgeFormat.VERSION_PREFIX.length()) + "'; only v1 is supported.");
        }
        throw DamagedCiphertextException.notAnAgeFile("it does not start with the line " + AgeFormat.VERSION_LINE);
    }

    /** Splits "-> a b c" into its arguments, each one or more visible ASCII characters, separated by one space. */
    private static List<String> arguments(String line) throws DamagedCiphertextException {
        List<String> args = List.of(line.substring(AgeFormat.STANZA_PREFIX.length()).split(" ", -1));
        for (String arg : args) {
            if (arg.isEmpty() || !visible(arg)) {
                throw DamagedCiphertextException.malformedHeader(
                        "a stanza argument is empty or holds characters other than visible ASCII");
            }
        }
        return args;
    }

    /** Reads a stanza body: full 64-column lines, then one shorter (maybe empty) line. */
    private static String body(Lines lines) throws IOException {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < MAX_BODY_LINES; i++) {
            String line = lines.next();
            if (line.length() > AgeFormat.BODY_COLUMNS || !AgeBase64.isAlphabet(line)) {
                throw DamagedCiphertextException.malformedHeader(
                        "a stanza body line is longer than 64 columns or is not unpadded base64");
            }
            body.append(line);
            if (line.length() < AgeFormat.BODY_COLUMNS) {
                return body.toString();
            }
        }
        throw DamagedCiphertextException.malformedHeader("a stanza body is longer than any scrypt stanza's");
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static boolean visible(String s) {
        return s.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }

    private static boolean printable(String s) {
        return s.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }

    /** Reads LF-terminated lines byte by byte (never past the header) and keeps every byte read, for the MAC. */
    private static final class Lines {
        private final InputStream in;
        private final ByteArrayOutputStream raw = new ByteArrayOutputStream(256);

        Lines(InputStream in) {
            this.in = in;
        }

        /** @return the first line; any failure to read one means the input is not an age file */
        String first(int maxLength) throws IOException {
            StringBuilder line = new StringBuilder();
            while (line.length() <= maxLength) {
                int b = in.read();
                if (b < 0) {
                    if (line.length() == 0) {
                        throw DamagedCiphertextException.notAnAgeFile("it is empty");
                    }
                    if ((AgeFormat.VERSION_LINE + "\n").startsWith(line.toString())) {
                        throw DamagedCiphertextException.malformedHeader("it ends inside the header");
                    }
                    break;
                }
                raw.write(b);
                if (b == '\n') {
                    return line.toString();
                }
                line.append((char) b);
            }
            throw DamagedCiphertextException.notAnAgeFile(
                    "it does not start with the line " + AgeFormat.VERSION_LINE);
        }

        String next() throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw DamagedCiphertextException.malformedHeader("it ends inside the header");
                }
                raw.write(b);
                if (b == '\n') {
                    return line.toString();
                }
                if (line.length() == MAX_LINE_LENGTH) {
                    throw DamagedCiphertextException.malformedHeader("a header line is too long");
                }
                // ISO-8859-1: one char per byte, so non-ASCII bytes fail every later check instead of decoding.
                line.append((char) b);
            }
        }

        /** @return how many bytes were read so far */
        int size() {
            return raw.size();
        }

        byte[] bytes() {
            return raw.toByteArray();
        }
    }
}
