package org.homeautomation.backup.core.internal.crypto;

import java.nio.charset.StandardCharsets;

/** The fixed strings and sizes of the age v1 format with the scrypt recipient. */
final class AgeFormat {
    /** The first line of every age v1 file, without its line feed. */
    static final String VERSION_LINE = "age-encryption.org/v1";
    /** What every age version line starts with, whatever the version. */
    static final String VERSION_PREFIX = "age-encryption.org/";
    /** The first line of an ASCII-armored age file. */
    static final String ARMOR_LINE = "-----BEGIN AGE ENCRYPTED FILE-----";
    static final String STANZA_PREFIX = "-> ";
    static final String MAC_PREFIX = "---";
    static final String SCRYPT_TYPE = "scrypt";
    static final byte[] SCRYPT_SALT_LABEL = "age-encryption.org/v1/scrypt".getBytes(StandardCharsets.US_ASCII);
    static final String HEADER_KEY_INFO = "header";
    static final String PAYLOAD_KEY_INFO = "payload";

    static final int FILE_KEY_SIZE = 16;
    static final int SALT_SIZE = 16;
    static final int WRAPPED_FILE_KEY_SIZE = 32;
    static final int MAC_SIZE = 32;
    static final int PAYLOAD_NONCE_SIZE = 16;
    static final int TAG_SIZE = 16;
    static final int CHUNK_SIZE = 64 * 1024;
    static final int SEALED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE;
    /** Stanza bodies are wrapped at this many base64 characters a line. */
    static final int BODY_COLUMNS = 64;

    private AgeFormat() {
    }
}
