package org.homeautomation.backup.api;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One thing found wrong with a copy of a backup by {@link BackupVerifier}: what kind of damage, a message for people
 * that says what to do, and where it was found when that is known. Immutable; made with
 * {@link #of(Kind, String)} and the {@code with...} methods, so that properties can be added later.
 */
public final class VerificationProblem {
    /** The kinds of damage. More may be added in later minor versions; treat an unknown one as damage. */
    public enum Kind {
        /** The copy is shorter than its metadata says: it was cut off. */
        TRUNCATED,
        /** The copy is longer than its metadata says. */
        TOO_LONG,
        /** The copy has the size its metadata says, but another SHA-256 digest: some of its bytes changed. */
        DIGEST_MISMATCH,
        /** Encrypted data of a protected copy does not authenticate: a chunk or an age header is altered or cut. */
        DAMAGED_CIPHERTEXT,
        /** A content's compressed data or its tar cannot be read to the end: an entry is damaged. */
        UNREADABLE_ENTRY,
        /** A content that the metadata lists is not in the copy. */
        MISSING_CONTENT,
        /**
         * An entry of a content that a restore refuses to unpack: a name leaving the content's folder, a link pointing
         * out of it, a device or pipe. The copy reads whole, but it was tampered with or made by another program.
         */
        UNSAFE_ENTRY,
        /**
         * The copy is not the archive its metadata describes: its {@code backup.json} is missing or names another
         * backup, or it holds an entry that is no listed content.
         */
        INVALID_ARCHIVE,
        /** The copy could not be read from the agent: the storage failed or cannot be reached. */
        AGENT_UNAVAILABLE
    }

    private final Kind kind;
    private final String message;
    private final String content;
    private final String entry;
    private final long offset;

    private VerificationProblem(Kind kind, String message, String content, String entry, long offset) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.message = Objects.requireNonNull(message, "message");
        this.content = content;
        this.entry = entry;
        this.offset = offset;
    }

    /**
     * @param kind what kind of damage
     * @param message what is wrong and what to do, for people; never a secret
     * @return a problem whose place is not known
     * @throws NullPointerException when an argument is null
     */
    public static VerificationProblem of(Kind kind, String message) {
        return new VerificationProblem(kind, message, null, null, -1);
    }

    /**
     * @param content the content in which it was found, or null
     * @return a copy of this problem that names the content
     */
    public VerificationProblem withContent(String content) {
        return new VerificationProblem(kind, message, content, entry, offset);
    }

    /**
     * @param entry the path of the entry inside the content's tar being read when it was found, or null
     * @return a copy of this problem that names the entry
     */
    public VerificationProblem withEntry(String entry) {
        return new VerificationProblem(kind, message, content, entry, offset);
    }

    /**
     * @param offset how many bytes of the stored copy had been read when it was found, or -1 for unknown
     * @return a copy of this problem with that offset
     */
    public VerificationProblem withOffset(long offset) {
        return new VerificationProblem(kind, message, content, entry, offset < 0 ? -1 : offset);
    }

    /** @return the kind of damage */
    public Kind kind() {
        return kind;
    }

    /** @return what is wrong and what to do, for people */
    public String message() {
        return message;
    }

    /** @return the content in which it was found, when known */
    public Optional<String> content() {
        return Optional.ofNullable(content);
    }

    /** @return the path of the entry of the content's tar being read when it was found, when known */
    public Optional<String> entry() {
        return Optional.ofNullable(entry);
    }

    /**
     * @return how many bytes of the stored copy had been read when the damage showed, when known: the damage lies
     *         at or before this offset (readers work ahead, so it may lie some way before)
     */
    public OptionalLong offset() {
        return offset < 0 ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /** @return the message, preceded by where the damage was found when that is known */
    public String describe() {
        StringBuilder where = new StringBuilder();
        if (content != null) {
            where.append("content '").append(content).append('\'');
        }
        if (entry != null) {
            where.append(where.length() == 0 ? "" : ", ").append("entry '").append(entry).append('\'');
        }
        if (offset >= 0) {
            where.append(where.length() == 0 ? "" : ", ").append("by byte ").append(offset).append(" of the copy");
        }
        return where.length() == 0 ? message : "[" + where + "] " + message;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerificationProblem p && kind == p.kind && message.equals(p.message)
                && Objects.equals(content, p.content) && Objects.equals(entry, p.entry) && offset == p.offset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, message, content, entry, offset);
    }

    @Override
    public String toString() {
        return kind + ": " + describe();
    }
}
