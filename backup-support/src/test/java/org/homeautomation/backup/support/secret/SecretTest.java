package org.homeautomation.backup.support.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class SecretTest {
    @Test
    void onlyRevealGivesTheValue() {
        Secret secret = new Secret("hunter2");

        assertEquals("hunter2", secret.reveal());
        assertFalse(secret.toString().contains("hunter2"), secret.toString());
        assertFalse(("settings " + secret).contains("hunter2"));
    }
}
