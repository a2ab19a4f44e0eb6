package org.homeautomation.backup.api;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The state of automatic backups, as {@link AutomaticBackups#status()} reports it: an immutable value,
 * made with {@link #builder()} so that fields can be added later.
 *
 * <p>A failure ({@link #lastFailure()}, {@link #failedAgents()}) stays in the status until the next automatic backup
 * that every selected agent stored, so a backup that stopped working cannot go unnoticed. Likewise a damaged copy found
 * by the verification after an automatic backup ({@link #damagedCopies()}) stays until the next verification.
 */
public final class AutomaticBackupStatus {
    private static final AutomaticBackupStatus EMPTY = builder().build();

    private final Instant lastAttempt;
    private final Instant lastSuccess;
    private final Instant nextRun;
    private final String lastBackupId;
    private final String lastFailure;
    private final Map<String, String> failedAgents;
    private final Instant lastVerification;
    private final String lastVerifiedBackupId;
    private final Map<String, String> verifiedCopies;
    private final Map<String, String> damagedCopies;

    private AutomaticBackupStatus(Builder b) {
        this.lastAttempt = b.lastAttempt;
        this.lastSuccess = b.lastSuccess;
        this.nextRun = b.nextRun;
        this.lastBackupId = b.lastBackupId;
        this.lastFailure = b.lastFailure;
        this.failedAgents = Collections.unmodifiableMap(new TreeMap<>(b.failedAgents));
        this.lastVerification = b.lastVerification;
        this.lastVerifiedBackupId = b.lastVerifiedBackupId;
        this.verifiedCopies = Collections.unmodifiableMap(new TreeMap<>(b.verifiedCopies));
        this.damagedCopies = Collections.unmodifiableMap(new TreeMap<>(b.damagedCopies));
    }

    /** @return the status of an installation where automatic backups never ran and none is scheduled */
    public static AutomaticBackupStatus empty() {
        return EMPTY;
    }

    /** @return a builder with no field set */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this status's fields, to make a changed copy */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.lastAttempt = lastAttempt;
        b.lastSuccess = lastSuccess;
        b.nextRun = nextRun;
        b.lastBackupId = lastBackupId;
        b.lastFailure = lastFailure;
        b.failedAgents.putAll(failedAgents);
        b.lastVerification = lastVerification;
        b.lastVerifiedBackupId = lastVerifiedBackupId;
        b.verifiedCopies.putAll(verifiedCopies);
        b.damagedCopies.putAll(damagedCopies);
        return b;
    }

    /** @return when the last automatic backup started, or empty when none ever did */
    public Optional<Instant> lastAttempt() {
        return Optional.ofNullable(lastAttempt);
    }

    /** @return when the last automatic backup that every selected agent stored started, or empty */
    public Optional<Instant> lastSuccess() {
        return Optional.ofNullable(lastSuccess);
    }

    /**
     * @return when the next automatic run is (a backup, or on a day of {@code verifyDays} only, the verification of
     *         the newest copy on each agent), or empty when none is scheduled
     */
    public Optional<Instant> nextRun() {
        return Optional.ofNullable(nextRun);
    }

    /** @return the id of the last automatic backup, or empty when none was made (or it failed before) */
    public Optional<String> lastBackupId() {
        return Optional.ofNullable(lastBackupId);
    }

    /**
     * @return why the last automatic backup failed, for a person; empty when it succeeded on every selected agent
     *         (or none ran)
     */
    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /**
     * @return agent id to reason, for each agent of the last failure: one that failed to store the last automatic
     *         backup, or whose newest copy the scheduled verification found damaged; unmodifiable
     */
    public Map<String, String> failedAgents() {
        return failedAgents;
    }

    /**
     * @return when copies were last verified by the schedule: those of an automatic backup after it was made (the
     *         option {@code verifyAfterBackup}), or the newest copy on each agent (the option
     *         {@code verifyDays}); empty when none was
     */
    public Optional<Instant> lastVerification() {
        return Optional.ofNullable(lastVerification);
    }

    /**
     * @return the backup whose copies were last verified (for the newest copies, the newest of them; a copy of
     *         another backup names it in its line of {@link #verifiedCopies()}), or empty when none was
     */
    public Optional<String> lastVerifiedBackupId() {
        return Optional.ofNullable(lastVerifiedBackupId);
    }

    /**
     * @return agent id to the one-line result ({@link VerificationResult#summary()}) of each copy verified by the last
     *         verification, whole or damaged; unmodifiable
     */
    public Map<String, String> verifiedCopies() {
        return verifiedCopies;
    }

    /**
     * @return agent id to what is wrong, for each copy that the last verification found damaged or could not read;
     *         empty when every verified copy was whole; unmodifiable
     */
    public Map<String, String> damagedCopies() {
        return damagedCopies;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AutomaticBackupStatus other)) {
            return false;
        }
        return Objects.equals(lastAttempt, other.lastAttempt) && Objects.equals(lastSuccess, other.lastSuccess)
                && Objects.equals(nextRun, other.nextRun) && Objects.equals(lastBackupId, other.lastBackupId)
                && Objects.equals(lastFailure, other.lastFailure) && failedAgents.equals(other.failedAgents)
                && Objects.equals(lastVerification, other.lastVerification)
                && Objects.equals(lastVerifiedBackupId, other.lastVerifiedBackupId)
                && verifiedCopies.equals(other.verifiedCopies) && damagedCopies.equals(other.damagedCopies);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lastAttempt, lastSuccess, nextRun, lastBackupId, lastFailure, failedAgents,
                lastVerification, lastVerifiedBackupId, verifiedCopies, damagedCopies);
    }

    @Override
    public String toString() {
        return "AutomaticBackupStatus[lastAttempt=" + lastAttempt + ", lastSuccess=" + lastSuccess + ", nextRun="
                + nextRun + ", lastBackupId=" + lastBackupId + ", lastFailure=" + lastFailure + ", failedAgents="
                + failedAgents + ", lastVerification=" + lastVerification + ", lastVerifiedBackupId="
                + lastVerifiedBackupId + ", verifiedCopies=" + verifiedCopies + ", damagedCopies=" + damagedCopies
                + "]";
    }

    /** Builds an {@link AutomaticBackupStatus}. Not thread-safe. */
    public static final class Builder {
        private Instant lastAttempt;
        private Instant lastSuccess;
        private Instant nextRun;
        private String lastBackupId;
        private String lastFailure;
        private final Map<String, String> failedAgents = new TreeMap<>();
        private Instant lastVerification;
        private String lastVerifiedBackupId;
        private final Map<String, String> verifiedCopies = new TreeMap<>();
        private final Map<String, String> damagedCopies = new TreeMap<>();

        private Builder() {
        }

        /** @param lastAttempt when the last automatic backup started, or null @return this */
        public Builder lastAttempt(Instant lastAttempt) {
            this.lastAttempt = lastAttempt;
            return this;
        }

        /** @param lastSuccess when the last fully successful automatic backup started, or null @return this */
        public Builder lastSuccess(Instant lastSuccess) {
            this.lastSuccess = lastSuccess;
            return this;
        }

        /** @param nextRun when the next automatic backup runs, or null for none @return this */
        public Builder nextRun(Instant nextRun) {
            this.nextRun = nextRun;
            return this;
        }

        /** @param lastBackupId the id of the last automatic backup, or null @return this */
        public Builder lastBackupId(String lastBackupId) {
            this.lastBackupId = lastBackupId == null ? null : Identifiers.requireValidBackupId(lastBackupId);
            return this;
        }

        /** @param lastFailure why the last automatic backup failed, or null when it did not @return this */
        public Builder lastFailure(String lastFailure) {
            this.lastFailure = lastFailure;
            return this;
        }

        /** @param failedAgents agent id to reason, replacing any given before @return this */
        public Builder failedAgents(Map<String, String> failedAgents) {
            copyInto(failedAgents, this.failedAgents);
            return this;
        }

        /** @param lastVerification when the last verification after an automatic backup ended, or null @return this */
        public Builder lastVerification(Instant lastVerification) {
            this.lastVerification = lastVerification;
            return this;
        }

        /** @param backupId the automatic backup last verified, or null @return this */
        public Builder lastVerifiedBackupId(String backupId) {
            this.lastVerifiedBackupId = backupId == null ? null : Identifiers.requireValidBackupId(backupId);
            return this;
        }

        /** @param verifiedCopies agent id to one-line result, replacing any given before @return this */
        public Builder verifiedCopies(Map<String, String> verifiedCopies) {
            copyInto(verifiedCopies, this.verifiedCopies);
            return this;
        }

        /** @param damagedCopies agent id to what is wrong, replacing any given before @return this */
        public Builder damagedCopies(Map<String, String> damagedCopies) {
            copyInto(damagedCopies, this.damagedCopies);
            return this;
        }

        private static void copyInto(Map<String, String> from, Map<String, String> to) {
            to.clear();
            from.forEach((agent, text) -> to.put(Objects.requireNonNull(agent, "agent"),
                    Objects.requireNonNull(text, "text")));
        }

        /** @return the status */
        public AutomaticBackupStatus build() {
            return new AutomaticBackupStatus(this);
        }
    }
}
