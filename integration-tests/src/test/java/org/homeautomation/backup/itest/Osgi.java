package org.homeautomation.backup.itest;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.homeautomation.backup.testsupport.Await;
import org.junit.rules.ExternalResource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The framework as a test inside it sees it: services looked up with a deadline, services registered by the test as a
 * third-party bundle would, configurations made through Config Admin. A JUnit rule: what a test registered or
 * configured is withdrawn after it, because the tests of a class share one framework. Before each test it makes sure
 * the default local agent is configured, as the runtimes ship it ({@link DefaultLocalAgent}).
 */
public final class Osgi extends ExternalResource {
    private final Class<?> testClass;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<Configuration> singletonConfigurations = new ArrayList<>();
    private final List<Configuration> factoryConfigurations = new ArrayList<>();

    /**
     * @param testClass the test class; its bundle (the probe) is the one that registers and looks up. Pax Exam also
     *        makes instances of the class outside the framework, to read its configuration, so nothing here touches
     *        the framework before a test runs.
     */
    public Osgi(Class<?> testClass) {
        this.testClass = testClass;
    }

    /** @return the probe bundle's context */
    public BundleContext context() {
        Bundle probe = FrameworkUtil.getBundle(testClass);
        if (probe == null || probe.getBundleContext() == null) {
            throw new IllegalStateException(testClass.getName() + " is not running inside an active OSGi bundle");
        }
        return probe.getBundleContext();
    }

    /**
     * Waits {@link Await#DEFAULT} for a service and returns it.
     *
     * @param type the service interface
     * @param <T> its type
     * @return the highest ranked service of the type
     */
    public <T> T service(Class<T> type) {
        return service(type, Await.DEFAULT);
    }

    /**
     * Waits for a service and returns it. The service is got on the probe's account and released when the probe
     * stops, which keeps the service's component active meanwhile.
     *
     * @param type the service interface
     * @param timeout how long to wait
     * @param <T> its type
     * @return the highest ranked service of the type
     */
    public <T> T service(Class<T> type, Duration timeout) {
        BundleContext context = context();
        return Await.value("a " + type.getName() + " service", () -> {
            ServiceReference<T> ref = context.getServiceReference(type);
            return ref == null ? null : context.getService(ref);
        }, s -> s != null, timeout);
    }

    /**
     * Registers a service from the test, as a third-party bundle would; it is unregistered after the test if the
     * test did not do so.
     *
     * @param type the service interface
     * @param service the service object
     * @param properties service properties, such as {@code service.ranking}
     * @param <T> its type
     * @return the registration
     */
    public <T> ServiceRegistration<T> register(Class<T> type, T service, Map<String, ?> properties) {
        ServiceRegistration<T> registration = context().registerService(type, service, new Hashtable<>(properties));
        synchronized (registrations) {
            registrations.add(registration);
        }
        return registration;
    }

    /**
     * Registers a service from the test without properties.
     *
     * @param type the service interface
     * @param service the service object
     * @param <T> its type
     * @return the registration
     */
    public <T> ServiceRegistration<T> register(Class<T> type, T service) {
        return register(type, service, Map.of());
    }

    /**
     * @param symbolicName a bundle symbolic name
     * @return the installed bundle with that name
     * @throws AssertionError when none is installed
     */
    public Bundle bundle(String symbolicName) {
        return Arrays.stream(context().getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No bundle " + symbolicName + " is installed"));
    }

    /**
     * Sets the properties of a singleton configuration, replacing any it had. After the test it is emptied rather than
     * deleted: Felix SCR skips an update whose change count is not above the last one it applied, and a configuration
     * deleted and at once made again under the same pid starts counting anew, so the next test's configuration could
     * be ignored. An empty configuration leaves the component with its defaults, as no configuration would.
     *
     * @param pid the configuration's pid
     * @param properties its new properties
     * @return the configuration
     * @throws IOException when Config Admin cannot store it
     */
    public Configuration configure(String pid, Map<String, ?> properties) throws IOException {
        Configuration configuration = service(ConfigurationAdmin.class).getConfiguration(pid, "?");
        configuration.update(dictionary(properties));
        synchronized (singletonConfigurations) {
            singletonConfigurations.add(configuration);
        }
        return configuration;
    }

    /**
     * Adds a factory configuration; it is deleted after the test if the test did not do so. Each has a pid of its
     * own, so deleting it cannot hide a later one.
     *
     * @param factoryPid the factory pid
     * @param properties its properties
     * @return the configuration
     * @throws IOException when Config Admin cannot store it
     */
    public Configuration addFactoryConfiguration(String factoryPid, Map<String, ?> properties) throws IOException {
        Configuration configuration = service(ConfigurationAdmin.class).createFactoryConfiguration(factoryPid, "?");
        configuration.update(dictionary(properties));
        synchronized (factoryConfigurations) {
            factoryConfigurations.add(configuration);
        }
        return configuration;
    }

    @Override
    protected void before() throws IOException {
        DefaultLocalAgent.configure(this);
    }

    @Override
    protected void after() {
        List<ServiceRegistration<?>> toUnregister;
        synchronized (registrations) {
            toUnregister = new ArrayList<>(registrations);
            registrations.clear();
        }
        for (ServiceRegistration<?> registration : toUnregister) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyUnregistered) {
                // The test withdrew it itself.
            }
        }
        for (Configuration configuration : drain(factoryConfigurations)) {
            try {
                configuration.delete();
            } catch (IllegalStateException | IOException alreadyDeleted) {
                // The test deleted it itself.
            }
        }
        for (Configuration configuration : drain(singletonConfigurations)) {
            try {
                configuration.update(new Hashtable<>());
            } catch (IllegalStateException | IOException deleted) {
                // The test deleted it itself.
            }
        }
    }

    private static List<Configuration> drain(List<Configuration> configurations) {
        synchronized (configurations) {
            List<Configuration> drained = new ArrayList<>(configurations);
            configurations.clear();
            return drained;
        }
    }

    private static Dictionary<String, Object> dictionary(Map<String, ?> properties) {
        return new Hashtable<>(properties);
    }
}
