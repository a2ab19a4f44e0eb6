package org.homeautomation.backup.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = { "local", "nas-1", "s3.eu_west", "20261128-014500-3fa2b1c9", "0",
            "a234567890123456789012345678901234567890123456789012345678901234" })
    void acceptsSafeIds(String id) {
        assertTrue(Identifiers.isValidBackupId(id));
        assertTrue(Identifiers.isValidAgentId(id));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", ".", "..", "../x", "a/b", "/abs", "a\\b", ".hidden", "-dash", "Upper", "a b",
            "é", "a234567890123456789012345678901234567890123456789012345678901234x", "a\u0000" })
    void rejectsIdsThatCouldEscapeAFolderOrSurpriseAFileSystem(String id) {
        assertFalse(Identifiers.isValidBackupId(id));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Identifiers.requireValidBackupId(id));
        assertTrue(e.getMessage().contains("a-z"), e.getMessage());
    }
}
