package org.homeautomation.backup.agent.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

import org.homeautomation.backup.api.UploadProgress;

/**
 * Records every progress value an agent reports, from any thread, and checks them against the contract of
 * {@link UploadProgress}.
 */
public final class ProgressRecorder implements UploadProgress {
    private final List<Long> values = new ArrayList<>();

    @Override
    public synchronized void bytesUploaded(long bytesUploaded) {
        values.add(bytesUploaded);
    }

    /** @return the values reported so far, oldest first */
    public synchronized List<Long> values() {
        return List.copyOf(values);
    }

    /**
     * Checks the values of a finished upload: at least one, none negative or above {@code size}, never decreasing,
     * the last equal to {@code size}.
     *
     * @param size the archive's size
     */
    public void assertCompleteFor(long size) {
        List<Long> reported = values();
        assertFalse(reported.isEmpty(), "The agent reported no progress; it must report at least the final size "
                + size);
        long previous = 0;
        for (int i = 0; i < reported.size(); i++) {
            long value = reported.get(i);
            if (value < 0 || value > size) {
                fail("Progress value #" + (i + 1) + " is " + value + ", outside 0.." + size + ": "
                        + shortened(reported));
            }
            if (value < previous) {
                fail("Progress went down from " + previous + " to " + value + " at value #" + (i + 1) + ": "
                        + shortened(reported));
            }
            previous = value;
        }
        assertEquals(size, reported.get(reported.size() - 1),
                "The last progress value must equal the archive's size: " + shortened(reported));
    }

    private static String shortened(List<Long> reported) {
        return reported.size() <= 20 ? reported.toString()
                : reported.subList(0, 10) + " ... " + reported.subList(reported.size() - 10, reported.size());
    }
}
