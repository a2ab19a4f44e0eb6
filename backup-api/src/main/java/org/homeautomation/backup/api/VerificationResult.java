package org.homeautomation.backup.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How the verification of one agent's copy of a backup by {@link BackupVerifier} ended: whole, or the problems found,
 * and how far it could check. Immutable; made with {@link #builder()} so that properties can be added in later
 * versions.
 */
public final class VerificationResult {
    /** What {@link #summary()} says of a protected copy checked without its password. */
    public static final String CHECKED_WITHOUT_PASSWORD = "checked without the password: size, SHA-256 digest and"
            + " the names of the contents only, not the encrypted contents";

    private final String backupId;
    private final String agentId;
    private final List<VerificationProblem> problems;
    private final boolean contentsChecked;
    private final long bytesRead;
    private final long entriesRead;

    private VerificationResult(Builder b) {
        this.backupId = Identifiers.requireValidBackupId(b.backupId);
        this.agentId = Objects.requireNonNull(b.agentId, "agentId");
        this.problems = List.copyOf(b.problems);
        this.contentsChecked = b.contentsChecked;
        this.bytesRead = b.bytesRead;
        this.entriesRead = b.entriesRead;
    }

    /** @return a builder with no problem, contents not checked, nothing read */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the backup verified */
    public String backupId() {
        return backupId;
    }

    /** @return the agent whose copy was verified */
    public String agentId() {
        return agentId;
    }

    /** @return whether nothing was found wrong with the copy (see {@link #contentsChecked()} for how far it looked) */
    public boolean ok() {
        return problems.isEmpty();
    }

    /**
     * @return what is wrong with the copy, the copy as a whole (size, digest) first, then where the damage showed;
     *         empty when it is ok; unmodifiable
     */
    public List<VerificationProblem> problems() {
        return problems;
    }

    /**
     * @return whether every entry of every content was read through to its end. False for a protected copy verified
     *         without its password: then only its size, SHA-256 digest and the names of its contents were checked
     *         ({@link #CHECKED_WITHOUT_PASSWORD}); also false when damage stopped the reading
     */
    public boolean contentsChecked() {
        return contentsChecked;
    }

    /** @return how many bytes of the stored copy were read */
    public long bytesRead() {
        return bytesRead;
    }

    /** @return how many entries (files, folders, links) of the contents were read through */
    public long entriesRead() {
        return entriesRead;
    }

    /**
     * @return one line for people: "ok" with what was checked, or the problems found; a copy checked without its
     *         password says so explicitly
     */
    public String summary() {
        if (!ok()) {
            return "DAMAGED: " + problems.stream().map(VerificationProblem::describe).collect(Collectors.joining(
                    "; "));
        }
        if (!contentsChecked) {
            return "ok, " + CHECKED_WITHOUT_PASSWORD;
        }
        return "ok: size, SHA-256 digest and " + entriesRead + (entriesRead == 1 ? " entry" : " entries")
                + " of every content read through";
    }

    @Override
    public String toString() {
        return "VerificationResult[" + backupId + " on " + agentId + ": " + summary() + "]";
    }

    /** Builds a {@link VerificationResult}. Not thread-safe. */
    public static final class Builder {
        private String backupId;
        private String agentId;
        private final List<VerificationProblem> problems = new ArrayList<>();
        private boolean contentsChecked;
        private long bytesRead;
        private long entriesRead;

        private Builder() {
        }

        /** @param backupId the backup verified; required @return this */
        public Builder backupId(String backupId) {
            this.backupId = backupId;
            return this;
        }

        /** @param agentId the agent whose copy was verified; required @return this */
        public Builder agentId(String agentId) {
            this.agentId = agentId;
            return this;
        }

        /**
         * @param problem something found wrong, added after those added before
         * @return this
         * @throws NullPointerException when it is null
         */
        public Builder problem(VerificationProblem problem) {
            problems.add(Objects.requireNonNull(problem, "problem"));
            return this;
        }

        /** @param contentsChecked whether every entry of every content was read through @return this */
        public Builder contentsChecked(boolean contentsChecked) {
            this.contentsChecked = contentsChecked;
            return this;
        }

        /** @param bytesRead how many bytes of the copy were read @return this */
        public Builder bytesRead(long bytesRead) {
            this.bytesRead = bytesRead;
            return this;
        }

        /** @param entriesRead how many entries of the contents were read through @return this */
        public Builder entriesRead(long entriesRead) {
            this.entriesRead = entriesRead;
            return this;
        }

        /**
         * @return the result
         * @throws NullPointerException when the agent id was not set
         * @throws IllegalArgumentException when the backup id was not set or is not valid
         */
        public VerificationResult build() {
            return new VerificationResult(this);
        }
    }
}
