package org.homeautomation.backup.gogo.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;

/** Answers read from a Gogo session: one line at a time, from JLine when the shell has it, refused when none. */
class SessionInputTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void eachAnswerIsOneLineAndNothingAfterItIsTaken() throws IOException {
        SessionInput input = new SessionInput(session("yes\r\nsecret pässword\nrest", Map.of()), out);

        assertEquals("yes", input.line("Type yes: "));
        assertArrayEquals("secret pässword".toCharArray(), input.password("Password: "));
        assertArrayEquals("rest".toCharArray(), input.password("Again: "), "a last line without a line break");
        assertEquals("Type yes: \nPassword: \nAgain: \n", printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anEndedInputIsNoAnswer() {
        SessionInput input = new SessionInput(session("", Map.of()), out);

        IOException e = assertThrows(IOException.class, () -> input.line("Type yes: "));

        assertTrue(e.getMessage().startsWith("The session's input has ended"), e.getMessage());
    }

    @Test
    void withoutASessionNothingIsAsked() {
        assertThrows(IOException.class, () -> new SessionInput(null, out).line("Type yes: "));
    }

    @Test
    void theShellsLineReaderAsksWhenThereIsOneMaskingAPassword() throws IOException {
        StubReader reader = new StubReader();
        SessionInput input = new SessionInput(session("not read", Map.of(".reader", reader)), out);

        assertArrayEquals("typed".toCharArray(), input.password("Password: "));

        assertEquals("Password: *", reader.asked);
        assertEquals("", printed.toString(StandardCharsets.UTF_8), "JLine prints the prompt itself");
    }

    /** Has the method of JLine's LineReader that SessionInput calls. */
    public static final class StubReader {
        String asked;

        public String readLine(String prompt, Character mask) {
            asked = prompt + mask;
            return "typed";
        }
    }

    private static CommandSession session(String keyboard, Map<String, Object> variables) {
        InputStream in = new ByteArrayInputStream(keyboard.getBytes(StandardCharsets.UTF_8));
        return (CommandSession) Proxy.newProxyInstance(CommandSession.class.getClassLoader(),
                new Class<?>[] { CommandSession.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getKeyboard" -> in;
                    case "get" -> variables.get(args[0]);
                    default -> null;
                });
    }
}
