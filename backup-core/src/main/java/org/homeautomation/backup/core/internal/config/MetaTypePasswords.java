package org.homeautomation.backup.core.internal.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attributes that Metatype declares passwords, by pid and factory pid, as the Metatype service of the running
 * framework describes every bundle's configurations. Looked up once per backup, when a configuration file is first
 * met, rather than tracked: the manager then needs no reference to the Metatype service, and the metatype package
 * is an optional import; without it (or outside a framework) no attribute is known and
 * {@link ConfigurationSecrets} goes by key names alone.
 */
final class MetaTypePasswords {
    private static final Logger LOG = LoggerFactory.getLogger(MetaTypePasswords.class);
    private static final String SERVICE = "org.osgi.service.metatype.MetaTypeService";

    private MetaTypePasswords() {
    }

    /** @return the password attributes by pid; read on first use, empty when there is no Metatype service */
    static Function<String, Set<String>> ofRunningFramework() {
        AtomicReference<Map<String, Set<String>>> byPid = new AtomicReference<>();
        return pid -> byPid.updateAndGet(known -> known != null ? known : read()).getOrDefault(pid, Set.of());
    }

    private static Map<String, Set<String>> read() {
        Bundle bundle = FrameworkUtil.getBundle(MetaTypePasswords.class);
        BundleContext context = bundle == null ? null : bundle.getBundleContext();
        ServiceReference<?> ref = context == null ? null : context.getServiceReference(SERVICE);
        if (ref == null) {
            return Map.of();
        }
        try {
            return read(context, ref);
        } catch (NoClassDefFoundError e) {
            // The metatype package is an optional import that was not wired: key names alone must do.
            return Map.of();
        }
    }

    private static Map<String, Set<String>> read(BundleContext context, ServiceReference<?> ref) {
        Map<String, Set<String>> byPid = new HashMap<>();
        Object service = context.getService(ref);
        if (!(service instanceof MetaTypeService metaType)) {
            return byPid;
        }
        try {
            for (Bundle b : context.getBundles()) {
                try {
                    MetaTypeInformation info = metaType.getMetaTypeInformation(b);
                    if (info != null) {
                        addPasswords(info, info.getPids(), byPid);
                        addPasswords(info, info.getFactoryPids(), byPid);
                    }
                } catch (RuntimeException e) {
                    LOG.debug("Could not read the Metatype of bundle {}: {}", b.getSymbolicName(), e.toString());
                }
            }
        } finally {
            context.ungetService(ref);
        }
        return byPid;
    }

    private static void addPasswords(MetaTypeInformation info, String[] pids, Map<String, Set<String>> byPid) {
        for (String pid : pids == null ? new String[0] : pids) {
            ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
            AttributeDefinition[] attributes = ocd == null ? null
                    : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
            for (AttributeDefinition ad : attributes == null ? new AttributeDefinition[0] : attributes) {
                if (ad.getType() == AttributeDefinition.PASSWORD) {
                    byPid.computeIfAbsent(pid, k -> new TreeSet<>()).add(ad.getID());
                }
            }
        }
    }
}
