package org.homeautomation.backup.agent.local.internal;

import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whoever still has configuration {@value #PID}, which switched off, moved or renamed the default agent up to
 * version 1.0, that it is no longer read: since 1.1 the default agent {@code local} is the factory configuration
 * {@code default} of {@value LocalAgentComponent#PID}, shipped with the Karaf feature and the Felix runtime. One WARN
 * when the configuration appears, nothing else; no metatype, so that no console offers to edit it.
 */
@Component(configurationPid = ObsoleteDefaultAgentConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
public final class ObsoleteDefaultAgentConfiguration {
    static final String PID = "org.homeautomation.backup.agent.local.default";
    /** The default agent's configuration since 1.1, as File Install reads it from {@code etc} or {@code load}. */
    static final String DEFAULT_AGENT_FILE = LocalAgentComponent.PID + "-default";

    private static final Logger LOG = LoggerFactory.getLogger(ObsoleteDefaultAgentConfiguration.class);

    @Activate
    public ObsoleteDefaultAgentConfiguration(Map<String, Object> properties) {
        LOG.warn("{}", message(properties));
    }

    /**
     * @param properties the obsolete configuration's properties
     * @return the warning: that it is not read, what to edit instead, and the settings it holds. Short, as Karaf's
     *         log cuts messages at 500 characters; the settings, least needed, come last.
     */
    static String message(Map<String, ?> properties) {
        Map<String, Object> settings = new TreeMap<>();
        for (String key : new String[] { "enabled", "id", "name", "directory" }) {
            if (properties.get(key) != null) {
                settings.put(key, properties.get(key));
            }
        }
        Object file = properties.get("felix.fileinstall.filename");
        return "Configuration " + PID + " is no longer read since 1.1. To move, rename or switch off the default"
                + " local agent, edit or delete " + DEFAULT_AGENT_FILE + ".cfg in etc (Felix: " + DEFAULT_AGENT_FILE
                + ".config in load), then delete " + (file == null ? "configuration " + PID : file)
                + (settings.isEmpty() ? "" : ". Its settings, now without effect: " + settings);
    }
}
