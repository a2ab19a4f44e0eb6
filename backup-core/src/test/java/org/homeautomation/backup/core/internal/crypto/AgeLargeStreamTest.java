package org.homeautomation.backup.core.internal.crypto;

import static org.homeautomation.backup.core.internal.crypto.AgeTestData.CHUNK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * 256 MiB go through encryption and decryption in a JVM with a 16 MiB heap: the streams hold a chunk or two, never
 * the data. The plaintext is generated on the fly and compared as it comes out; nothing is stored.
 */
class AgeLargeStreamTest {
    private static final long SIZE = 256L * 1024 * 1024 + 12_345;
    private static final String HEAP = "-Xmx16m";

    @Test
    void twoHundredFiftySixMiBPassThroughBothStreamsInA16MiBHeap() throws Exception {
        Map<String, Long> result = runPipe();

        assertEquals(-1L, result.get("firstMismatch"), "the plaintext comes out unchanged: " + result);
        assertEquals(SIZE, result.get("plaintext"), result.toString());
        assertEquals(result.get("expectedCiphertext"), result.get("ciphertext"), result.toString());
        // Encryption reads one chunk and a byte ahead; decryption needs that byte's chunk before it returns the
        // chunk before it. So the plaintext read never runs more than two chunks and a byte ahead of what comes out.
        assertTrue(result.get("maxLead") <= 2L * CHUNK + 1, "bounded read-ahead: " + result);
        assertTrue(result.get("maxHeap") < SIZE / 8, "the heap is far smaller than the data: " + result);
    }

    private static Map<String, Long> runPipe() throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
                "-cp", System.getProperty("java.class.path"), AgeStreamPipe.class.getName(), Long.toString(SIZE));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "the pipe finishes");
        assertEquals(0, process.exitValue(), output);
        Map<String, Long> result = new HashMap<>();
        for (String pair : output.trim().split(" ")) {
            String[] nameValue = pair.split("=", 2);
            assertEquals(2, nameValue.length, output);
            result.put(nameValue[0], Long.parseLong(nameValue[1]));
        }
        return result;
    }
}
