package org.homeautomation.backup.core.internal.retention;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.homeautomation.backup.api.Identifiers;

/**
 * Retention rules for every agent: global ones, with overrides for some agents.
 *
 * @param global the rules of agents without an override
 * @param overrides agent id to its rules
 */
public record RetentionPolicy(RetentionRules global, Map<String, RetentionRules> overrides) {

    /** Copies the overrides. */
    public RetentionPolicy {
        overrides = Map.copyOf(overrides);
    }

    /**
     * @param global the global rules
     * @param entries overrides, each {@code agentId:key=value[,key=value...]}; keys as in {@link RetentionRules#with}
     *        and the override starts from the global rules, so it names only what differs
     * @return the policy
     * @throws IllegalArgumentException when an entry is malformed, naming it
     */
    public static RetentionPolicy parse(RetentionRules global, List<String> entries) {
        Map<String, RetentionRules> overrides = new LinkedHashMap<>();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            Map.Entry<String, RetentionRules> override;
            try {
                override = parseOverride(global, entry);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("agentOverrides entry '" + entry + "': " + e.getMessage());
            }
            if (overrides.putIfAbsent(override.getKey(), override.getValue()) != null) {
                throw new IllegalArgumentException("agentOverrides names agent '" + override.getKey()
                        + "' twice; merge them");
            }
        }
        return new RetentionPolicy(global, overrides);
    }

    /**
     * @param global the global rules, which the override starts from
     * @param entry one override, {@code agentId:key=value[,key=value...]}
     * @return the agent's id and its rules
     * @throws IllegalArgumentException saying what is wrong and what is allowed, without repeating the entry
     */
    public static Map.Entry<String, RetentionRules> parseOverride(RetentionRules global, String entry) {
        int colon = entry.indexOf(':');
        String agent = colon < 0 ? "" : entry.substring(0, colon).trim();
        if (colon < 0 || !Identifiers.isValidAgentId(agent)) {
            throw new IllegalArgumentException("must be agentId:key=value[,key=value], for example"
                    + " local:keepLast=5,maxAgeDays=30");
        }
        RetentionRules rules = global;
        for (String pair : entry.substring(colon + 1).split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + pair.trim() + "' is not key=value");
            }
            String key = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            try {
                rules = rules.with(key, Integer.parseInt(value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'");
            }
        }
        return Map.entry(agent, rules);
    }

    /** @param agentId an agent @return the rules that apply to it */
    public RetentionRules rulesFor(String agentId) {
        return overrides.getOrDefault(agentId, global);
    }
}
