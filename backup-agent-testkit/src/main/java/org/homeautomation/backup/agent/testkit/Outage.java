package org.homeautomation.backup.agent.testkit;

/**
 * A way to cut an agent off from its storage and to connect it again, so that the suite can check what the agent does
 * when its storage cannot be reached: unmount a share, stop a test server, move a folder away.
 *
 * <p>The suite calls {@link #makeReachable()} after each test that called {@link #makeUnreachable()}, also when the
 * test failed.
 */
public interface Outage {

    /**
     * Cuts the agent off: from now on its storage cannot be reached.
     *
     * @throws Exception when the outage cannot be simulated; the test fails
     */
    void makeUnreachable() throws Exception;

    /**
     * Connects the agent again, with the storage as it was when it was cut off.
     *
     * @throws Exception when the storage cannot be restored; the test fails
     */
    void makeReachable() throws Exception;

    /**
     * @param cut what makes the storage unreachable
     * @param restore what makes it reachable again
     * @return an outage made of the two actions
     */
    static Outage of(Action cut, Action restore) {
        return new Outage() {
            @Override
            public void makeUnreachable() throws Exception {
                cut.run();
            }

            @Override
            public void makeReachable() throws Exception {
                restore.run();
            }
        };
    }

    /**
     * One step of an outage, allowed to throw anything.
     */
    @FunctionalInterface
    interface Action {
        /**
         * @throws Exception when the step fails
         */
        void run() throws Exception;
    }
}
