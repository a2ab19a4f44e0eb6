package org.homeautomation.backup.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class PreconditionsTest {
    @Test
    void ciIsAnyValueButBlankOrFalse() {
        assertTrue(Preconditions.onCi("true"));
        assertTrue(Preconditions.onCi("1"));
        assertTrue(Preconditions.onCi("TRUE"));
        assertFalse(Preconditions.onCi(null));
        assertFalse(Preconditions.onCi(""));
        assertFalse(Preconditions.onCi(" "));
        assertFalse(Preconditions.onCi("false"));
        assertFalse(Preconditions.onCi("False"));
    }

    @Test
    void aPreconditionThatHoldsLetsTheTestRun() {
        assertTrue(Preconditions.hold(true, "tar"));
        Preconditions.require(true, "tar");
    }

    /** Run with and without CI set (the build does both where CI is set: CI=true there, unset on a desk). */
    @Test
    void aMissingPreconditionFailsOnCiAndSkipsElsewhere() {
        if (Preconditions.onCi()) {
            AssertionError e = assertThrows(AssertionError.class, () -> Preconditions.hold(false, "tar is missing"));
            assertTrue(e.getMessage().startsWith("tar is missing (required on CI"), e.getMessage());
            assertThrows(AssertionError.class, () -> Preconditions.require(false, "tar is missing"));
        } else {
            assertFalse(Preconditions.hold(false, "tar is missing"));
            TestAbortedException e = assertThrows(TestAbortedException.class,
                    () -> Preconditions.require(false, "tar is missing"));
            assertEquals("tar is missing (test skipped; it fails on CI)", e.getMessage());
        }
    }
}
