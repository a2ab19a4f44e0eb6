package org.homeautomation.backup.core.internal.verify;

import static org.homeautomation.backup.core.internal.archive.OuterTar.CONTENT_SUFFIX;
import static org.homeautomation.backup.core.internal.archive.OuterTar.MANIFEST_NAME;
import static org.homeautomation.backup.core.internal.archive.OuterTar.PROTECTED_SUFFIX;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.homeautomation.backup.api.BackupMetadata;
import org.homeautomation.backup.api.UploadProgress;
import org.homeautomation.backup.api.VerificationProblem;
import org.homeautomation.backup.api.VerificationProblem.Kind;
import org.homeautomation.backup.api.VerificationResult;
import org.homeautomation.backup.core.internal.archive.ArchiveManifest;
import org.homeautomation.backup.core.internal.crypto.AgeDecryptingInputStream;
import org.homeautomation.backup.core.internal.crypto.DamagedCiphertextException;
import org.homeautomation.backup.core.internal.crypto.UnsupportedAgeFileException;
import org.homeautomation.backup.core.internal.crypto.WrongPassphraseException;
import org.homeautomation.backup.core.internal.restore.ContentTarVerifier;
import org.homeautomation.backup.core.internal.restore.UnsafeArchiveException;
import org.homeautomation.backup.core.internal.upload.DamagedArchiveException;

import com.github.luben.zstd.ZstdInputStream;

/**
 * Reads one copy of a backup back in a single streaming pass and says what is wrong with it: the outer tar's
 * {@code backup.json} and content entries against the copy's metadata, each content decrypted (when protected and a
 * password is given) and decompressed, every entry of its tar read through to its end, then the copy's size and
 * SHA-256 at the end of the stream (checked by the manager's download stream beneath). A damaged content does not
 * stop the pass: the next content is read, and the stream is always read to its end so that the digest is checked.
 *
 * <p>Nothing is written anywhere. Memory is the readers' buffers (zstd's window, two age chunks, 64 KiB), whatever the
 * size of the copy. Not thread-safe: one instance reads one copy.
 */
final class CopyReadBack {
    /** The largest {@code backup.json} read; a real one is a few hundred bytes. */
    private static final int MAX_MANIFEST_BYTES = 1 << 20;
    private static final int BUFFER = 1 << 16;
    private static final ContentTarVerifier TAR_CHECK = new ContentTarVerifier();

    private final String backupId;
    private final String agentId;
    private final BackupMetadata copy;
    private final char[] password;
    private final int maxWorkFactor;
    private final List<VerificationProblem> problems = new ArrayList<>();
    /** Where the copy's own stream failed (cut off, digest), when that happened inside a content. */
    private VerificationProblem copyFailedAt;
    private final Set<String> seen = new LinkedHashSet<>();
    private boolean manifestRead;
    private long entries;
    private boolean passwordProven;

    /** A content found damaged inside a copy that still reads. */
    private static final class ContentDamage extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient VerificationProblem problem;

        ContentDamage(VerificationProblem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }
    }

    /**
     * @param copy the copy's metadata, as its agent holds it
     * @param agentId the agent, for messages
     * @param password the password of a protected copy, or null to check it without
     * @param maxWorkFactor the largest scrypt work factor accepted
     */
    CopyReadBack(BackupMetadata copy, String agentId, char[] password, int maxWorkFactor) {
        this.backupId = copy.id();
        this.agentId = agentId;
        this.copy = copy;
        this.password = password;
        this.maxWorkFactor = maxWorkFactor;
    }

    /**
     * Reads the copy to its end and closes it.
     *
     * @param download the copy, checked against its size and digest at its end (the manager's download)
     * @param progress receives the bytes read so far
     * @return what was checked and what is wrong
     * @throws WrongPassphraseException when the password does not open the first protected content
     */
    VerificationResult read(InputStream download, UploadProgress progress) throws WrongPassphraseException {
        WatchedCopy in = new WatchedCopy(download, progress);
        VerificationProblem damage = null;
        boolean contentsChecked = false;
        try (in) {
            try {
                contentsChecked = walk(in);
            } catch (WrongPassphraseException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                damage = in.failure() == e ? null : unreadable(e, null, null).withOffset(in.count());
            }
            in.readToEnd();
        } catch (WrongPassphraseException e) {
            throw e;
        } catch (IOException closing) {
            // Everything was read; an agent's stream that fails to close changes nothing of the verdict.
        }
        VerificationResult.Builder result = VerificationResult.builder().backupId(backupId).agentId(agentId)
                .bytesRead(in.count()).entriesRead(entries);
        VerificationProblem ofCopy = copyProblem(in);
        if (ofCopy != null) {
            result.problem(ofCopy);
        }
        if (manifestRead) {
            // Also when the copy ended early: a content after the cut is not in it either.
            problems.addAll(missingContents());
        }
        problems.forEach(result::problem);
        if (damage != null) {
            result.problem(damage);
        }
        return result.contentsChecked(contentsChecked && ofCopy == null && problems.isEmpty() && damage == null)
                .build();
    }

    /** @return whether every content was read through (false for protected contents read without a password) */
    private boolean walk(WatchedCopy in) throws IOException {
        TarArchiveInputStream outer = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
        TarArchiveEntry first = outer.getNextEntry();
        if (first == null || !MANIFEST_NAME.equals(first.getName()) || first.getSize() > MAX_MANIFEST_BYTES) {
            problems.add(VerificationProblem.of(Kind.INVALID_ARCHIVE, "The copy of backup " + backupId
                    + " on agent '" + agentId + "' is not a backup archive: its first entry is not " + MANIFEST_NAME
                    + ". " + advice()).withOffset(in.count()));
            return false;
        }
        ArchiveManifest manifest;
        try {
            manifest = ArchiveManifest.fromJson(new String(outer.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            problems.add(VerificationProblem.of(Kind.INVALID_ARCHIVE, "The " + MANIFEST_NAME + " of backup "
                    + backupId + " on agent '" + agentId + "' is not valid: " + e.getMessage() + ". " + advice()));
            return false;
        }
        if (!manifest.id().equals(backupId) || manifest.protectedBackup() != copy.isProtected()) {
            problems.add(VerificationProblem.of(Kind.INVALID_ARCHIVE, "The copy of backup " + backupId
                    + " on agent '" + agentId + "' holds backup " + manifest.id() + (manifest.protectedBackup()
                            ? ", protected" : ", unprotected") + " (its " + MANIFEST_NAME + " says so), not the "
                    + (copy.isProtected() ? "protected" : "unprotected") + " copy its metadata describes. "
                    + advice()));
            return false;
        }
        List<String> expected = copy.contents();
        manifestRead = true;
        boolean allRead = true;
        TarArchiveEntry entry;
        while ((entry = outer.getNextEntry()) != null) {
            String name = entry.getName();
            String suffix = copy.isProtected() ? PROTECTED_SUFFIX : CONTENT_SUFFIX;
            String content = name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : null;
            if (content == null || !entry.isFile() || !expected.contains(content) || !seen.add(content)) {
                problems.add(VerificationProblem.of(Kind.INVALID_ARCHIVE, "The copy of backup " + backupId
                        + " on agent '" + agentId + "' holds an unexpected entry '" + name + "': its metadata lists"
                        + " the contents " + expected + ". " + advice()).withOffset(in.count()));
                continue;
            }
            if (copy.isProtected() && password == null) {
                allRead = false;
                continue;
            }
            try {
                readContent(content, outer, in);
            } catch (ContentDamage e) {
                if (in.failure() != null) {
                    // The copy itself failed (cut off, digest): that is the problem, found here; nothing after it
                    // is worth reading.
                    copyFailedAt = e.problem;
                    return false;
                }
                problems.add(e.problem);
                allRead = false;
            }
        }
        return allRead && seen.containsAll(expected);
    }

    /** @return a problem for each content the metadata lists that was not found in the copy */
    private List<VerificationProblem> missingContents() {
        List<VerificationProblem> missing = new ArrayList<>();
        for (String content : copy.contents()) {
            if (!seen.contains(content)) {
                missing.add(VerificationProblem.of(Kind.MISSING_CONTENT, "Content '" + content + "' of backup "
                        + backupId + " is not in the copy on agent '" + agentId + "', though its metadata lists it. "
                        + advice()).withContent(content));
            }
        }
        return missing;
    }

    /** Reads one content through: decrypted, decompressed, every entry of its tar to its end. */
    private void readContent(String content, TarArchiveInputStream outer, WatchedCopy in)
            throws ContentDamage, WrongPassphraseException {
        String[] current = { null };
        InputStream data = CloseShieldInputStream.wrap(outer);
        try {
            if (copy.isProtected()) {
                try {
                    data = AgeDecryptingInputStream.open(data, password, maxWorkFactor);
                    passwordProven = true;
                } catch (WrongPassphraseException e) {
                    if (!passwordProven) {
                        throw e;
                    }
                    throw new ContentDamage(VerificationProblem.of(Kind.DAMAGED_CIPHERTEXT, "The password opens"
                            + " other contents of backup " + backupId + " but not content '" + content
                            + "' on agent '" + agentId + "': its age header is damaged. " + advice())
                            .withContent(content).withOffset(in.count()));
                }
            }
            try (InputStream plain = new BufferedInputStream(new ZstdInputStream(data), BUFFER)) {
                // Every entry by the restore's rules, and read to its end, then what follows the tar's
                // end-of-archive records: zstd checks a frame's checksum at its end.
                entries += TAR_CHECK.verify(content, plain, name -> current[0] = name).entries();
            }
        } catch (WrongPassphraseException e) {
            throw e;
        } catch (UnsafeArchiveException e) {
            throw new ContentDamage(VerificationProblem.of(Kind.UNSAFE_ENTRY, "Content '" + content + "' of backup "
                    + backupId + " on agent '" + agentId + "' reads whole, but a restore refuses its entry '"
                    + e.entry() + "': it " + e.reason() + ". The backup was tampered with or made by another"
                    + " program; do not restore it, use another backup.").withContent(content)
                    .withEntry(e.entry()).withOffset(in.count()));
        } catch (IOException | RuntimeException e) {
            throw new ContentDamage(unreadable(e, content, current[0]).withOffset(in.count()));
        }
    }

    /** The problem a failure while reading a content stands for. */
    private VerificationProblem unreadable(Exception e, String content, String entry) {
        String where = (content == null ? "The copy of backup " + backupId : "Content '" + content + "' of backup "
                + backupId) + " on agent '" + agentId + "'" + (entry == null ? "" : ", entry '" + entry + "',");
        VerificationProblem problem;
        if (e instanceof DamagedCiphertextException || e instanceof UnsupportedAgeFileException) {
            problem = VerificationProblem.of(Kind.DAMAGED_CIPHERTEXT, where + " is damaged: " + e.getMessage());
        } else if (e instanceof DamagedArchiveException d) {
            problem = VerificationProblem.of(Kind.TRUNCATED, where + " could not be read to its end: "
                    + d.detail() + ". " + advice());
        } else {
            problem = VerificationProblem.of(Kind.UNREADABLE_ENTRY, where + " cannot be read: " + message(e) + ". "
                    + advice());
        }
        return problem.withContent(content).withEntry(entry);
    }

    /** @return what is wrong with the copy as a whole (its size, digest, or the agent's stream), or null */
    private VerificationProblem copyProblem(WatchedCopy in) {
        IOException failure = in.failure();
        if (failure == null) {
            return null;
        }
        if (failure instanceof DamagedArchiveException d) {
            Kind kind = in.count() < copy.size() ? Kind.TRUNCATED
                    : d.detail().contains("longer") ? Kind.TOO_LONG : Kind.DIGEST_MISMATCH;
            VerificationProblem problem = VerificationProblem.of(kind, d.getMessage()).withOffset(in.count());
            return copyFailedAt == null ? problem : problem.withContent(copyFailedAt.content().orElse(null))
                    .withEntry(copyFailedAt.entry().orElse(null));
        }
        return VerificationProblem.of(Kind.AGENT_UNAVAILABLE, "Reading backup " + backupId + " from agent '"
                + agentId + "' failed after " + in.count() + " of " + copy.size() + " bytes: " + message(failure)
                + ". Check that the agent's storage can be reached and verify again.").withOffset(in.count());
    }

    private String advice() {
        return "Restore from another agent's copy if one is whole, and make a new backup.";
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
