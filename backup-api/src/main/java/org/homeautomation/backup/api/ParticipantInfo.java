package org.homeautomation.backup.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A registered {@link BackupParticipant}, as the manager describes it to people: whether it takes part in backups,
 * and if not, why. A participant whose id is invalid, is already a configured source's name, or is registered twice
 * is ignored; its pre and post steps do not run, so whatever it guards is not quiesced. Consoles show this so that a
 * person can fix it.
 *
 * <p>Instances are made by the manager through {@link #active} and {@link #ignored}; new properties may be added in a
 * minor version.
 */
public final class ParticipantInfo {
    private final String id;
    private final String bundleSymbolicName;
    private final int ranking;
    private final String problem;

    private ParticipantInfo(String id, String bundleSymbolicName, int ranking, String problem) {
        this.id = Objects.requireNonNull(id, "id");
        this.bundleSymbolicName = Objects.requireNonNull(bundleSymbolicName, "bundleSymbolicName");
        this.ranking = ranking;
        this.problem = problem;
    }

    /**
     * @param id the participant's id, its content name
     * @param bundleSymbolicName the symbolic name of the bundle that registered it
     * @param ranking its service ranking
     * @return a participant that takes part in backups
     */
    public static ParticipantInfo active(String id, String bundleSymbolicName, int ranking) {
        return new ParticipantInfo(id, bundleSymbolicName, ranking, null);
    }

    /**
     * @param id the participant's id as it gave it (possibly invalid), or a description when it could not be read
     * @param bundleSymbolicName the symbolic name of the bundle that registered it
     * @param ranking its service ranking
     * @param problem why it is ignored and what to do, for people
     * @return a participant that is ignored
     */
    public static ParticipantInfo ignored(String id, String bundleSymbolicName, int ranking, String problem) {
        return new ParticipantInfo(id, bundleSymbolicName, ranking, Objects.requireNonNull(problem, "problem"));
    }

    /** @return the participant's id, its content name in archives */
    public String id() {
        return id;
    }

    /** @return the symbolic name of the bundle that registered the participant */
    public String bundleSymbolicName() {
        return bundleSymbolicName;
    }

    /** @return its service ranking: higher runs its pre step first */
    public int ranking() {
        return ranking;
    }

    /** @return whether its pre and post steps run in backups */
    public boolean isActive() {
        return problem == null;
    }

    /** @return why it is ignored and what to do, when it is */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public String toString() {
        return id + " (" + bundleSymbolicName + ", ranking " + ranking + (problem == null ? ")" : ", ignored: "
                + problem + ")");
    }
}
