package org.homeautomation.backup.core.internal.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.homeautomation.backup.api.VerificationProblem;
import org.homeautomation.backup.api.VerificationProblem.Kind;
import org.homeautomation.backup.api.VerificationResult;
import org.homeautomation.backup.core.internal.crypto.WrongPassphraseException;
import org.homeautomation.backup.core.internal.upload.DigestCheckingInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification of real stored copies, read as the manager's download gives them (checked against size and digest at
 * the end of the stream): each kind of damage is found, with where, and an intact copy is ok.
 */
class CopyReadBackTest {
    private static final String ID = "20261201-100000-0badcafe";

    @TempDir
    Path temp;

    @Test
    void anIntactCopyIsOkAndEveryEntryWasRead() throws IOException {
        StoredCopies.Copy copy = StoredCopies.unprotected(temp, ID);

        VerificationResult result = verify(copy, null);

        assertTrue(result.ok(), result.summary());
        assertTrue(result.contentsChecked());
        assertEquals(Files.size(copy.file()), result.bytesRead());
        // etc: settings.cfg, nested, deeper, items.json; data: two files
        assertTrue(result.entriesRead() >= 6, "entries read: " + result.entriesRead());
        assertTrue(result.summary().startsWith("ok"), result.summary());
    }

    @Test
    void aFlippedByteInAContentIsADigestMismatchFoundInThatContent() throws IOException {
        StoredCopies.Copy copy = StoredCopies.unprotected(temp, ID);
        long[] data = StoredCopies.contentData(copy, "data");
        StoredCopies.flipByte(copy.file(), data[0] + data[1] / 2);

        VerificationResult result = verify(copy, null);

        assertFalse(result.ok());
        assertEquals(Kind.DIGEST_MISMATCH, result.problems().get(0).kind(), result.summary());
        VerificationProblem inContent = problem(result, Kind.UNREADABLE_ENTRY);
        assertEquals("data", inContent.content().orElseThrow(), inContent.describe());
        assertTrue(inContent.offset().isPresent());
        assertEquals(Files.size(copy.file()), result.bytesRead(), "read to the end for the digest");
        assertFalse(result.contentsChecked());
    }

    @Test
    void aCutCopyIsTruncatedWithTheContentWhereItEnds() throws IOException {
        StoredCopies.Copy copy = StoredCopies.unprotected(temp, ID);
        long[] data = StoredCopies.contentData(copy, "data");
        StoredCopies.cut(copy.file(), data[0] + data[1] / 3);

        VerificationResult result = verify(copy, null);

        assertFalse(result.ok());
        VerificationProblem cut = result.problems().get(0);
        assertEquals(Kind.TRUNCATED, cut.kind(), result.summary());
        assertEquals("data", cut.content().orElseThrow(), cut.describe());
        assertTrue(cut.message().contains(ID), cut.message());
    }

    @Test
    void aCopyWithoutOneContentIsMissingThatContent() throws IOException {
        StoredCopies.Copy copy = StoredCopies.unprotected(temp, ID);
        StoredCopies.removeContent(copy.file(), "etc");

        VerificationResult result = verify(copy, null);

        assertFalse(result.ok());
        VerificationProblem missing = problem(result, Kind.MISSING_CONTENT);
        assertEquals("etc", missing.content().orElseThrow());
        assertTrue(result.problems().get(0).kind() == Kind.TRUNCATED
                || result.problems().get(0).kind() == Kind.DIGEST_MISMATCH, result.summary());
    }

    @Test
    void aDamagedAgeChunkOfAProtectedCopyIsDamagedCiphertextInThatContent() throws IOException {
        StoredCopies.Copy copy = StoredCopies.protect(StoredCopies.unprotected(temp, ID));
        long[] data = StoredCopies.contentData(copy, "data");
        // Well past the age header: inside the second or a later 64 KiB chunk.
        StoredCopies.flipByte(copy.file(), data[0] + data[1] / 2);

        VerificationResult result = verify(copy, StoredCopies.PASSWORD);

        assertFalse(result.ok());
        assertEquals(Kind.DIGEST_MISMATCH, result.problems().get(0).kind(), result.summary());
        VerificationProblem chunk = problem(result, Kind.DAMAGED_CIPHERTEXT);
        assertEquals("data", chunk.content().orElseThrow());
        assertTrue(chunk.message().contains("chunk"), chunk.message());
    }

    @Test
    void anIntactProtectedCopyWithThePasswordIsReadThrough() throws IOException {
        StoredCopies.Copy copy = StoredCopies.protect(StoredCopies.unprotected(temp, ID));

        VerificationResult result = verify(copy, StoredCopies.PASSWORD);

        assertTrue(result.ok(), result.summary());
        assertTrue(result.contentsChecked(), result.summary());
        assertTrue(result.entriesRead() >= 6);
    }

    @Test
    void aProtectedCopyWithoutThePasswordHasItsDigestCheckedAndSaysWhatWasNot() throws IOException {
        StoredCopies.Copy copy = StoredCopies.protect(StoredCopies.unprotected(temp, ID));

        VerificationResult intact = verify(copy, null);

        assertTrue(intact.ok(), intact.summary());
        assertFalse(intact.contentsChecked());
        assertEquals(0, intact.entriesRead());
        assertTrue(intact.summary().contains(VerificationResult.CHECKED_WITHOUT_PASSWORD), intact.summary());

        long[] data = StoredCopies.contentData(copy, "etc");
        StoredCopies.flipByte(copy.file(), data[0] + data[1] / 2);
        VerificationResult damaged = verify(copy, null);
        assertEquals(List.of(Kind.DIGEST_MISMATCH), damaged.problems().stream().map(VerificationProblem::kind)
                .toList(), damaged.summary());
    }

    @Test
    void aWrongPasswordIsRefusedNotReportedAsDamage() throws IOException {
        StoredCopies.Copy copy = StoredCopies.protect(StoredCopies.unprotected(temp, ID));

        assertThrows(WrongPassphraseException.class, () -> verify(copy, "not the password"));
    }

    @Test
    void aCopyOfAnotherBackupIsNotTheArchiveItsMetadataDescribes() throws IOException {
        StoredCopies.Copy other = StoredCopies.unprotected(temp, "20261201-100000-00000001");
        StoredCopies.Copy copy = new StoredCopies.Copy(other.file(), other.metadata().toBuilder().id(ID).build());

        VerificationResult result = verify(copy, null);

        assertEquals(Kind.INVALID_ARCHIVE, problem(result, Kind.INVALID_ARCHIVE).kind(), result.summary());
    }

    @Test
    void anEntryThatARestoreRefusesIsUnsafeThoughTheCopyReadsWhole() throws IOException {
        java.io.ByteArrayOutputStream tar = new java.io.ByteArrayOutputStream();
        try (org.apache.commons.compress.archivers.tar.TarArchiveOutputStream out =
                new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(tar)) {
            byte[] text = "port=8080\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (String name : new String[] { "settings.cfg", "../outside.cfg" }) {
                org.apache.commons.compress.archivers.tar.TarArchiveEntry e =
                        new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name, true);
                e.setSize(text.length);
                out.putArchiveEntry(e);
                out.write(text);
                out.closeArchiveEntry();
            }
        }
        StoredCopies.Copy copy = StoredCopies.withContentTar(StoredCopies.unprotected(temp, ID), "etc",
                tar.toByteArray());

        VerificationResult result = verify(copy, null);

        assertFalse(result.ok(), result.summary());
        VerificationProblem unsafe = problem(result, Kind.UNSAFE_ENTRY);
        assertEquals("etc", unsafe.content().orElseThrow(), unsafe.toString());
        assertEquals("../outside.cfg", unsafe.entry().orElseThrow(), unsafe.toString());
        assertTrue(unsafe.message().contains("a restore refuses its entry '../outside.cfg'")
                && unsafe.message().contains("do not restore it"), unsafe.message());
        assertEquals(1, result.problems().size(), "the size and digest match: only the entry is wrong");
    }

    private static VerificationProblem problem(VerificationResult result, Kind kind) {
        return result.problems().stream().filter(p -> p.kind() == kind).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + result.problems()));
    }

    /** Reads the copy as the manager's download does: through the size and digest check. */
    private static VerificationResult verify(StoredCopies.Copy copy, String password) throws IOException {
        InputStream download = new DigestCheckingInputStream(Files.newInputStream(copy.file()),
                copy.metadata().sha256(), copy.metadata().size(), "backup " + copy.metadata().id()
                        + " from agent 'local'");
        try {
            return new CopyReadBack(copy.metadata(), "local", password == null ? null : password.toCharArray(), 20)
                    .read(download, bytes -> { });
        } catch (WrongPassphraseException e) {
            throw e;
        }
    }
}
