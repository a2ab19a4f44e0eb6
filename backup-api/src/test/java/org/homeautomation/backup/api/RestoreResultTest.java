package org.homeautomation.backup.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RestoreResultTest {
    private static final String ID = "20261128-014500-3fa2b1c9";

    @Test
    void onlyTheBackupAndTheAgentAreRequired() {
        RestoreResult result = RestoreResult.builder().backupId(ID).agentId("nas").build();

        assertEquals(ID, result.backupId());
        assertEquals("nas", result.agentId());
        assertEquals(List.of(), result.contents());
        assertEquals(List.of(), result.warnings());
        assertFalse(result.restartNeeded());
        assertEquals("RestoreResult[" + ID + " from nas: []]", result.toString());
    }

    @Test
    void aMissingBackupOrAgentIsRefusedByName() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> RestoreResult.builder().agentId("nas").build());
        assertEquals("backupId", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> RestoreResult.builder().backupId(ID).build());
        assertEquals("agentId", e.getMessage());
        assertThrows(NullPointerException.class, () -> RestoreResult.builder().contents(null));
        assertThrows(NullPointerException.class, () -> RestoreResult.builder().warnings(null));
    }

    @Test
    void laterChangesToTheGivenListsOrTheBuilderDoNotReachTheResult() {
        List<String> contents = new ArrayList<>(List.of("etc", "data"));
        List<String> warnings = new ArrayList<>(List.of("Restart the runtime"));
        RestoreResult.Builder builder = RestoreResult.builder().backupId(ID).agentId("nas").contents(contents)
                .warnings(warnings).restartNeeded(true);
        RestoreResult result = builder.build();

        contents.clear();
        warnings.clear();
        builder.contents(List.of("other")).restartNeeded(false);

        assertEquals(List.of("etc", "data"), result.contents());
        assertEquals(List.of("Restart the runtime"), result.warnings());
        assertTrue(result.restartNeeded());
        assertThrows(UnsupportedOperationException.class, () -> result.contents().clear());
        assertThrows(UnsupportedOperationException.class, () -> result.warnings().clear());
    }
}
