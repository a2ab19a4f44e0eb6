package org.homeautomation.backup.karaf.itest;

import javax.inject.Inject;

import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.After;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;

/**
 * A test in the stock Apache Karaf 4.4.10 of {@link StockKaraf}, with this build's {@code backup} feature installed
 * from its console before each test (once per Karaf: a test class has one) and a console session to drive it. A
 * subclass's own {@code @Before} methods run after the install, its {@code @After} methods before the console closes.
 */
public abstract class KarafWithBackupFeature {
    /**
     * Karaf installs its boot features in the background after start. An install from the console that overlaps
     * with them can lose its feature from the root requirements (both compute the new set from the same old one),
     * so the tests start only once Karaf says the boot is finished.
     */
    @Inject
    protected BootFinished bootFinished;
    @Inject
    protected BundleContext context;
    @Inject
    protected SessionFactory sessionFactory;
    @Inject
    protected FeaturesService features;

    /** The console session of the current test. */
    protected KarafConsole console;

    /** @return the stock Karaf with this build's features repository first, on free ports */
    @Configuration
    public Option[] config() throws Exception {
        return StockKaraf.withThisBuild();
    }

    @Before
    public void installTheBackupFeatureFromTheConsole() {
        console = new KarafConsole(sessionFactory);
        StockKaraf.installBackupFeature(console, features);
    }

    @After
    public void closeTheConsole() {
        if (console != null) {
            console.close();
        }
    }
}
