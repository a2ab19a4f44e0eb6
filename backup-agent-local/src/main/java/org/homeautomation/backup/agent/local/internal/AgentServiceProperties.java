package org.homeautomation.backup.agent.local.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.homeautomation.backup.api.BackupAgent;
import org.homeautomation.backup.api.UnavailableAgent;
import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The properties that {@link LocalAgentComponent} gives {@link LocalAgentService} through its component factory, and
 * the agent made from them. DS publishes the public ones as the agent service's properties: {@value #AGENT_ID},
 * {@value #AGENT_DIRECTORY} (read by the core, which never archives an agent's folder) and
 * {@code service.description}. The settings themselves travel under names starting with '.', which DS hands to the
 * component but never publishes, so that a configuration reaches the service registry only as these few values.
 */
final class AgentServiceProperties {
    /** Service property: the agent's id, to select one agent with a filter. */
    static final String AGENT_ID = "agent.id";
    /** Service property: the folder holding the agent's backups; absent when the configuration is invalid. */
    static final String AGENT_DIRECTORY = "agent.directory";
    /** Private: the agent's name for people. */
    static final String NAME = ".agent.name";
    /** Private: whether a missing folder is created at start, a Boolean. */
    static final String CREATE_FOLDER = ".agent.createFolder";
    /** Private: why the configuration is invalid; present only then. */
    static final String UNAVAILABLE = ".agent.unavailable";

    private static final Logger LOG = LoggerFactory.getLogger(AgentServiceProperties.class);

    private AgentServiceProperties() {
    }

    /**
     * The properties of the agent a configuration describes. When the configuration is invalid, logs why in one
     * ERROR line and returns those of an agent listed as unavailable with that reason, under the configured id when
     * valid, else {@code local-<name>} from the configuration's pid.
     *
     * @param pid the configuration's pid, to name it in messages and to list an invalid one
     * @param id the configured id
     * @param name the configured name, maybe blank
     * @param directory the configured folder
     * @param createFolder whether a missing folder is created
     * @return the properties for {@link LocalAgentService}
     */
    static Map<String, Object> forConfiguration(String pid, String id, String name, String directory,
            boolean createFolder) {
        AgentSettings settings;
        try {
            settings = AgentSettings.configured(pid, id, name, directory, createFolder);
        } catch (IllegalArgumentException e) {
            String listedId = AgentSettings.listedId(pid, LocalAgentComponent.PID, id);
            String reason = e.getMessage() + ". The agent is listed as '" + listedId
                    + "' and unavailable until the configuration is fixed.";
            LOG.error("{}", reason);
            String shownName = name == null || name.isBlank() ? "Local folder (invalid configuration)" : name.trim();
            Map<String, Object> properties = new HashMap<>();
            properties.put(AGENT_ID, listedId);
            properties.put(Constants.SERVICE_DESCRIPTION, "Invalid local agent configuration");
            properties.put(NAME, shownName);
            properties.put(UNAVAILABLE, reason);
            return properties;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(AGENT_ID, settings.id());
        properties.put(AGENT_DIRECTORY, settings.directory().toString());
        properties.put(Constants.SERVICE_DESCRIPTION, "Backups in local folder " + settings.directory());
        properties.put(NAME, settings.name());
        properties.put(CREATE_FOLDER, settings.createFolder());
        return properties;
    }

    /**
     * Makes the agent the properties describe: a {@link LocalBackupAgent}, which creates its folder when asked to and
     * removes what a crash left in it, or a {@link UnavailableAgent} when they carry a reason.
     *
     * @param properties properties made by {@link #forConfiguration}, as DS passes them on
     * @return the agent
     */
    static BackupAgent agent(Map<String, ?> properties) {
        String id = (String) properties.get(AGENT_ID);
        String name = (String) properties.get(NAME);
        Object reason = properties.get(UNAVAILABLE);
        if (reason != null) {
            return UnavailableAgent.of(id, name, reason.toString());
        }
        return new LocalBackupAgent(id, name, Path.of((String) properties.get(AGENT_DIRECTORY)),
                Boolean.TRUE.equals(properties.get(CREATE_FOLDER)));
    }
}
