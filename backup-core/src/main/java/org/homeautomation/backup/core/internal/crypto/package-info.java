/**
 * Streaming encryption and decryption in the age v1 format
 * (<a href="https://age-encryption.org/v1">age-encryption.org/v1</a>, the C2SP age specification) with the scrypt
 * passphrase recipient only. Files written here open with the {@code age} command ({@code age -d}), and files that
 * {@code age -p} wrote open here.
 *
 * <p>Encryption: {@link org.homeautomation.backup.core.internal.crypto.AgeFileKey#generate} once per file, then an
 * {@link org.homeautomation.backup.core.internal.crypto.AgeEncryptingInputStream} per pass over the plaintext.
 * Decryption: {@link org.homeautomation.backup.core.internal.crypto.AgeDecryptingInputStream#open}, which checks the
 * header before returning, and authenticates every 64 KiB chunk before returning any byte of it.
 *
 * <p>Only scrypt comes from Bouncy Castle; ChaCha20-Poly1305, HMAC-SHA-256 and the random numbers come from the Java
 * runtime.
 */
package org.homeautomation.backup.core.internal.crypto;
