package org.homeautomation.backup.core.internal.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.homeautomation.backup.core.internal.archive.ArchiveListener;

/**
 * Finds configuration files ({@code *.cfg}, {@code *.config}) going into a backup that hold a secret in clear, such
 * as an S3 agent's {@code secretKey} written in {@code etc/}: stored unprotected, the backup hands the secret to
 * whoever can read it. Follows the archive writer file by file and reads only those files (up to
 * {@value #MAX_FILE_SIZE} bytes each).
 *
 * <p>A key is a secret when the Metatype of its configuration declares it a password (when the Metatype service runs,
 * see {@link MetaTypePasswords}), or when its name (its last dot-separated part) is one of the usual names of secrets
 * ({@link #isSecretKey(String)}), so that configurations without Metatype are covered too. An empty value, or one
 * that is only a {@code ${...}} reference to elsewhere, holds no secret. Values are never read into a message.
 */
public final class ConfigurationSecrets implements ArchiveListener {
    /** Larger files are not configuration files as Karaf writes them, and are not read. */
    static final long MAX_FILE_SIZE = 1024 * 1024;

    private static final Set<String> SECRET_NAMES = Set.of("password", "passwd", "passphrase", "secret",
            "secretkey", "secretaccesskey", "apikey", "token", "accesstoken", "clientsecret", "privatekey");

    private final Map<String, Path> sourceRoots;
    private final Function<String, Set<String>> passwordAttributes;
    private final Map<String, Finding> findings = Collections.synchronizedMap(new LinkedHashMap<>());

    /** A configuration file holding secrets. */
    private record Finding(String pid, Set<String> keys) {
    }

    /**
     * @param sourceRoots the folders being backed up, by content name
     * @param passwordAttributes the keys Metatype declares passwords, by pid (or factory pid); empty when unknown
     */
    public ConfigurationSecrets(Map<String, Path> sourceRoots, Function<String, Set<String>> passwordAttributes) {
        this.sourceRoots = Map.copyOf(sourceRoots);
        this.passwordAttributes = passwordAttributes;
    }

    /**
     * @param sourceRoots the folders being backed up, by content name
     * @return a finder asking the Metatype service of the running framework, if there is one
     */
    public static ConfigurationSecrets withMetaType(Map<String, Path> sourceRoots) {
        Function<String, Set<String>> passwords;
        try {
            passwords = MetaTypePasswords.ofRunningFramework();
        } catch (NoClassDefFoundError e) {
            passwords = pid -> Set.of(); // the optional metatype package is not wired
        }
        return new ConfigurationSecrets(sourceRoots, passwords);
    }

    /** @return whether a key of this name holds a secret, whatever its configuration: password, secretKey, ... */
    public static boolean isSecretKey(String key) {
        String last = key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT).replace("_", "")
                .replace("-", "");
        return SECRET_NAMES.contains(last);
    }

    @Override
    public void fileStarting(String contentName, String relativePath, long size) {
        String fileName = relativePath.substring(relativePath.lastIndexOf('/') + 1);
        boolean cfg = fileName.endsWith(".cfg");
        if (!(cfg || fileName.endsWith(".config")) || size > MAX_FILE_SIZE || !sourceRoots.containsKey(contentName)) {
            return;
        }
        String pid = fileName.substring(0, fileName.lastIndexOf('.'));
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(sourceRoots.get(contentName).resolve(relativePath),
                StandardCharsets.ISO_8859_1)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return; // not readable as properties: the archive writer deals with unreadable files, this is no config
        }
        Set<String> declared = new TreeSet<>(passwordAttributes.apply(pid));
        int dash = pid.indexOf('-');
        if (dash > 0) {
            // File Install's naming of a factory configuration: <factory pid>-<name>.cfg
            declared.addAll(passwordAttributes.apply(pid.substring(0, dash)));
        }
        Set<String> secrets = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if ((declared.contains(key) || isSecretKey(key)) && holdsValue(properties.getProperty(key), cfg)) {
                secrets.add(key);
            }
        }
        if (!secrets.isEmpty()) {
            findings.put(contentName + "/" + relativePath, new Finding(pid, secrets));
        }
    }

    /**
     * @param unprotectedOn the agents that store the backup unprotected
     * @return one warning per configuration file holding secrets, naming the file, the pid and the keys
     */
    public List<String> warnings(List<String> unprotectedOn) {
        List<String> warnings = new ArrayList<>();
        synchronized (findings) {
            findings.forEach((file, f) -> warnings.add("Configuration file " + file + " (configuration " + f.pid()
                    + ") holds " + (f.keys().size() == 1 ? "the secret " : "the secrets ") + String.join(", ",
                            f.keys().stream().map(k -> "'" + k + "'").toList())
                    + " in clear, and this backup is stored unprotected on " + String.join(", ", unprotectedOn)
                    + ": whoever can read the backup can read " + (f.keys().size() == 1 ? "it" : "them")
                    + ". Protect the backup with a password, or keep the secret out of the file (the S3 agent reads"
                    + " it from secretKeyEnv or secretKeyFile)."));
        }
        return warnings;
    }

    /*
     * A .config file (ConfigAdmin's typed format) writes texts in quotes, possibly after a type letter; an empty one
     * is "" there. A value that only refers to elsewhere (${env:...}) holds nothing itself.
     */
    private static boolean holdsValue(String value, boolean cfg) {
        String v = value.trim();
        if (!cfg) {
            v = v.replaceFirst("^[A-Za-z]?\"(.*)\"$", "$1").trim();
        }
        return !v.isEmpty() && !v.matches("\\$\\{[^}]*\\}");
    }
}
