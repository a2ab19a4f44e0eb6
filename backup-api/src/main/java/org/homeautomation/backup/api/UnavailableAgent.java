package org.homeautomation.backup.api;

import java.io.InputStream;
import java.util.List;
import java.util.Objects;

/**
 * Stands in for an agent that cannot work at all, most often because its configuration is invalid. Registered as a
 * {@link BackupAgent} service in the real agent's place, it shows the problem where people look for agents (the
 * console's agent list, the Web Console), marked unavailable with the reason, instead of only in a log. Every call
 * throws an {@link AgentUnavailableException} carrying that reason; nothing is read or written.
 *
 * <pre>{@code
 * BackupAgent agent;
 * try {
 *     agent = new NasAgent(NasSettings.from(config));
 * } catch (IllegalArgumentException invalid) {
 *     agent = UnavailableAgent.of("nas", "NAS (invalid configuration)", invalid.getMessage());
 * }
 * context.registerService(BackupAgent.class, agent, properties);
 * }</pre>
 *
 * <p>The reason is shown to people as it is: it must name what to fix and must not hold a secret.
 *
 * @since 1.1
 */
public final class UnavailableAgent implements BackupAgent {
    private final String id;
    private final String name;
    private final String reason;

    private UnavailableAgent(String id, String name, String reason) {
        Identifiers.requireValidAgentId(id);
        this.id = id;
        this.name = Objects.requireNonNull(name, "name");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * @param id the id to list it under, valid as {@link Identifiers#isValidAgentId} says
     * @param name the name for people
     * @param reason what is wrong and what to do about it, without secrets
     * @return the stand-in
     * @throws IllegalArgumentException when the id is not a valid agent id
     * @throws NullPointerException when an argument is null, naming it
     */
    public static UnavailableAgent of(String id, String name, String reason) {
        return new UnavailableAgent(id, name, reason);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    /** @return why the agent cannot work, the message of every exception it throws */
    public String reason() {
        return reason;
    }

    /** @throws AgentUnavailableException always, with the reason */
    @Override
    public void upload(BackupSource source, BackupMetadata metadata, UploadProgress progress)
            throws AgentUnavailableException {
        throw unavailable();
    }

    /** @throws AgentUnavailableException always, with the reason */
    @Override
    public InputStream download(String backupId) throws AgentUnavailableException {
        throw unavailable();
    }

    /** @throws AgentUnavailableException always, with the reason */
    @Override
    public void delete(String backupId) throws AgentUnavailableException {
        throw unavailable();
    }

    /** @throws AgentUnavailableException always, with the reason */
    @Override
    public List<BackupMetadata> list() throws AgentUnavailableException {
        throw unavailable();
    }

    /** @throws AgentUnavailableException always, with the reason */
    @Override
    public BackupMetadata get(String backupId) throws AgentUnavailableException {
        throw unavailable();
    }

    @Override
    public String toString() {
        return "UnavailableAgent[" + id + ": " + reason + "]";
    }

    private AgentUnavailableException unavailable() {
        return new AgentUnavailableException(reason);
    }
}
