package org.homeautomation.backup.core.internal.archive;

import static org.homeautomation.backup.core.internal.archive.TwoContentArchive.MAX_WORK_FACTOR;
import static org.homeautomation.backup.core.internal.archive.TwoContentArchive.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.homeautomation.backup.core.internal.crypto.WrongPassphraseException;
import org.homeautomation.backup.core.internal.upload.DigestCheckingInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decrypting a protected archive on the fly gives back the unprotected archive it was made from, which the stock
 * {@code tar} and {@code zstd} commands open; a wrong password fails before a byte is returned; damage and truncation
 * fail the stream, and no byte of a damaged chunk is ever passed on.
 */
class UnprotectedArchiveStreamTest {
    @TempDir
    static Path temp;
    static TwoContentArchive clear;
    static byte[] clearBytes;
    static byte[] protectedBytes;
    static ArchiveLayout protectedLayout;

    @BeforeAll
    static void writeArchives() throws IOException {
        clear = TwoContentArchive.write(temp);
        clearBytes = clear.clearBytes();
        try (ProtectedArchive archive = clear.protect()) {
            protectedBytes = TwoContentArchive.readAll(archive);
        }
        Path file = Files.write(temp.resolve("protected.tar"), protectedBytes);
        protectedLayout = ArchiveLayout.read(file);
    }

    @Test
    void anArchiveOfAnotherBackupIsRefusedBeforeAnythingIsDecrypted() {
        String other = "20200101-000000-00000000";
        Closing source = new Closing(TwoContentArchive.stream(protectedBytes));
        ForeignArchiveException e = assertThrows(ForeignArchiveException.class, () -> UnprotectedArchiveStream.open(
                source, other, PASSWORD.toCharArray(), MAX_WORK_FACTOR));
        assertTrue(e.getMessage().contains("is backup " + clear.manifest.id()) && e.getMessage().contains(other),
                e.getMessage());
        assertTrue(source.closed);
    }

    @Test
    void decryptingGivesBackTheUnprotectedArchiveByteForByte() throws IOException {
        byte[] decrypted = decrypt(protectedBytes, PASSWORD);

        assertArrayEquals(clearBytes, decrypted, "the archive the protected one was made from");
    }

    @Test
    void theDecryptedArchiveOpensWithTarAndZstdAndSaysItIsNotProtected() throws Exception {
        SystemCommands.requireExecutable("/usr/bin/tar");
        SystemCommands.requireExecutable("/usr/bin/zstd");
        Path work = Files.createDirectories(temp.resolve("stock-tools"));
        Files.write(work.resolve("download.tar"), decrypt(protectedBytes, PASSWORD));

        assertEquals("backup.json\netc.tar.zst\nuserdata.tar.zst\n", SystemCommands.shell(work,
                "tar -tf download.tar 2>&1"));
        assertEquals("", SystemCommands.shell(work, "mkdir -p x restore/etc restore/userdata"
                + " && tar -xf download.tar -C x"
                + " && zstd -q -dc x/etc.tar.zst | tar -xf - -C restore/etc"
                + " && zstd -q -dc x/userdata.tar.zst | tar -xf - -C restore/userdata"));
        assertEquals(TwoContentArchive.describe(clear.etc), TwoContentArchive.describe(work.resolve("restore/etc")));
        assertEquals(TwoContentArchive.describe(clear.userdata),
                TwoContentArchive.describe(work.resolve("restore/userdata")));
        ArchiveManifest manifest = ArchiveManifest.fromJson(Files.readString(work.resolve("x/backup.json")));
        assertFalse(manifest.protectedBackup());
        assertEquals(clear.manifest, manifest);
    }

    @Test
    void theProtectedArchiveIsReadToItsEndSoADigestCheckAroundItSeesAllOfIt() throws IOException {
        Closing source = new Closing(new DigestCheckingInputStream(TwoContentArchive.stream(protectedBytes),
                ProtectedArchiveTest.sha256(protectedBytes), protectedBytes.length, "the protected test archive"));
        try (InputStream in = UnprotectedArchiveStream.open(source, clear.manifest.id(), PASSWORD.toCharArray(), MAX_WORK_FACTOR)) {
            in.readAllBytes();
            assertEquals(protectedBytes.length, source.read, "every byte of the source was read");
        }
        assertTrue(source.closed, "the source is closed with the result");
    }

    @Test
    void aWrongPasswordFailsBeforeAnyByteIsReturnedAndClosesTheSource() {
        Closing source = new Closing(TwoContentArchive.stream(protectedBytes));

        assertThrows(WrongPassphraseException.class, () -> UnprotectedArchiveStream.open(source,
                clear.manifest.id(), "correct horse battery stapler".toCharArray(), MAX_WORK_FACTOR));
        assertTrue(source.closed);
    }

    @Test
    void anUnprotectedArchiveIsRefused() {
        IOException e = assertThrows(IOException.class, () -> UnprotectedArchiveStream.open(
                TwoContentArchive.stream(clearBytes), clear.manifest.id(), PASSWORD.toCharArray(), MAX_WORK_FACTOR));
        assertTrue(e.getMessage().contains("not protected"), e.getMessage());
    }

    @Test
    void somethingThatIsNoBackupArchiveIsRefused() {
        byte[] tar = Arrays.copyOf("not a tar at all".getBytes(), 10240);
        assertThrows(IOException.class, () -> UnprotectedArchiveStream.open(TwoContentArchive.stream(tar),
                clear.manifest.id(), PASSWORD.toCharArray(), MAX_WORK_FACTOR));
    }

    /**
     * One byte changed: in the age header of a content (its MAC), in the payload nonce, in the first and in the last
     * chunk of the large content. Given as the position in the content's entry data, negative from its end.
     */
    @ParameterizedTest(name = "userdata at {0}")
    @ValueSource(longs = {30, 200, 70_000, -5})
    void aChangedByteFailsTheStreamAndNoDamagedPlaintextIsPassedOn(long position) throws IOException {
        ArchiveLayout.ContentEntry userdata = protectedLayout.content("userdata").orElseThrow();
        assertTrue(userdata.size() > 4 * 65_536, "the content must span several chunks: " + userdata.size());
        long at = userdata.dataOffset() + (position >= 0 ? position : userdata.size() + position);
        byte[] tampered = protectedBytes.clone();
        tampered[(int) at] ^= 0x20;

        assertFailsWithCleanPrefix(tampered);
    }

    @Test
    void aChangedByteInTheFirstContentFailsTheStreamBeforeTheSecondContent() throws IOException {
        ArchiveLayout.ContentEntry etc = protectedLayout.content("etc").orElseThrow();
        byte[] tampered = protectedBytes.clone();
        tampered[(int) (etc.dataOffset() + etc.size() - 1)] ^= 1;

        byte[] passed = assertFailsWithCleanPrefix(tampered);
        assertTrue(passed.length < protectedLayout.content("userdata").orElseThrow().dataOffset(), "stopped early");
    }

    /** Cut: inside backup.json, in the first content's age header, mid-chunk, at a chunk boundary, before a content. */
    @ParameterizedTest(name = "cut at {0}")
    @ValueSource(strings = {"json", "etc+100", "userdata+100000", "userdata+chunk", "userdata-header", "userdata-1"})
    void aTruncatedArchiveFailsTheStream(String where) throws IOException {
        ArchiveLayout.ContentEntry etc = protectedLayout.content("etc").orElseThrow();
        ArchiveLayout.ContentEntry userdata = protectedLayout.content("userdata").orElseThrow();
        long headerAndNonce = userdata.size() - plainSize("userdata") - 16L * chunks(plainSize("userdata"));
        long cut = switch (where) {
            case "json" -> 600;
            case "etc+100" -> etc.dataOffset() + 100;
            case "userdata+100000" -> userdata.dataOffset() + 100_000;
            // Right after the second sealed chunk: two whole chunks, the rest (and the last-chunk flag) missing.
            case "userdata+chunk" -> userdata.dataOffset() + headerAndNonce + 2 * (65_536 + 16);
            case "userdata-header" -> userdata.dataOffset() - 512;
            case "userdata-1" -> userdata.dataOffset() + userdata.size() - 1;
            default -> throw new IllegalArgumentException(where);
        };
        byte[] truncated = Arrays.copyOf(protectedBytes, (int) cut);

        assertFailsWithCleanPrefix(truncated);
    }

    /*
     * Reads the unprotected form of {@code damaged} to its end, which must fail; everything passed on before the
     * failure must be the start of the real unprotected archive. Returns what was passed on.
     */
    private static byte[] assertFailsWithCleanPrefix(byte[] damaged) {
        ByteArrayOutputStream passed = new ByteArrayOutputStream();
        try (InputStream in = UnprotectedArchiveStream.open(TwoContentArchive.stream(damaged),
                clear.manifest.id(), PASSWORD.toCharArray(), MAX_WORK_FACTOR)) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0;) {
                passed.write(buffer, 0, n);
            }
            fail("The damaged archive was read to its end without an error (" + passed.size() + " bytes)");
        } catch (IOException expected) {
            // the damage was found
        }
        byte[] prefix = passed.toByteArray();
        assertTrue(prefix.length < clearBytes.length, "not all of it");
        assertArrayEquals(Arrays.copyOf(clearBytes, prefix.length), prefix,
                "only authenticated plaintext may be passed on");
        return prefix;
    }

    private static long plainSize(String content) throws IOException {
        return ArchiveLayout.read(clear.archive).content(content).orElseThrow().size();
    }

    private static long chunks(long plain) {
        return plain == 0 ? 1 : (plain - 1) / 65_536 + 1;
    }

    private static byte[] decrypt(byte[] protectedArchive, String password) throws IOException {
        try (InputStream in = UnprotectedArchiveStream.open(TwoContentArchive.stream(protectedArchive),
                clear.manifest.id(), password.toCharArray(), MAX_WORK_FACTOR)) {
            return in.readAllBytes();
        }
    }

    /** Counts what is read and notes the close. */
    private static final class Closing extends FilterInputStream {
        long read;
        boolean closed;

        Closing(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                read++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                read += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            read += s;
            return s;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }
}
