package org.homeautomation.backup.core.internal.config;

import java.util.List;

/**
 * A configuration with values that cannot be used. The message names the pid and, for each problem, the key, the
 * value (never a secret's) and what is allowed.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    /**
     * @param pid the configuration's pid
     * @param problems each as "key = 'value': must be ..."
     */
    InvalidConfigurationException(String pid, List<String> problems) {
        super("The configuration " + pid + " is invalid: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return each problem, naming its key, value and what is allowed */
    public List<String> problems() {
        return problems;
    }
}
