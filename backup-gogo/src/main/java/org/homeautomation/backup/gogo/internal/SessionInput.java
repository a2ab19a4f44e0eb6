package org.homeautomation.backup.gogo.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.homeautomation.backup.console.ConsolePrompt;

/**
 * Asks the person at a Gogo session. In the Gogo JLine shell (the Felix runtime's console) the shell's own line
 * reader asks, echoing '*' for a password; otherwise the answer is the next line of the session's input (a script's
 * or a remote shell's), and nothing read is ever printed. When there is no input, nothing is answered: the caller
 * refuses rather than assumes.
 */
final class SessionInput implements ConsolePrompt {
    /**
     * Where a JLine shell keeps its {@code org.jline.reader.LineReader} in the session: Felix's Gogo JLine shell
     * ({@code Shell.VAR_READER}), then the name Karaf's console uses.
     */
    private static final List<String> JLINE_READERS = List.of(".reader", ".jline.reader");
    private static final int MAX_LINE_BYTES = 4096;

    private final CommandSession session;
    private final PrintStream out;

    /**
     * @param session the command's session; null when there is none
     * @param out where the prompt goes when the session's input is read directly
     */
    SessionInput(CommandSession session, PrintStream out) {
        this.session = session;
        this.out = out;
    }

    @Override
    public char[] ask(String prompt, boolean hidden) throws IOException {
        if (session == null) {
            throw new IOException("There is no console to ask");
        }
        for (String variable : JLINE_READERS) {
            Object reader = session.get(variable);
            if (reader != null) {
                return readWithJline(reader, prompt, hidden);
            }
        }
        InputStream in = session.getKeyboard();
        if (in == null) {
            throw new IOException("This Gogo session has no input to read an answer from");
        }
        out.print(prompt);
        out.flush();
        char[] answer = readLine(in);
        // The answer came from a script or a pipe, which echoes nothing: end the prompt's line.
        out.println();
        return answer;
    }

    /*
     * Reflection rather than an import of org.jline: the bundle needs no JLine to resolve, and the runtime's JLine
     * version does not matter. LineReader.readLine(String prompt, Character mask) is public API of JLine 3.
     */
    private static char[] readWithJline(Object reader, String prompt, boolean hidden) throws IOException {
        try {
            Method readLine = reader.getClass().getMethod("readLine", String.class, Character.class);
            Object line = readLine.invoke(reader, prompt, hidden ? Character.valueOf('*') : null);
            return line == null ? new char[0] : line.toString().toCharArray();
        } catch (InvocationTargetException e) {
            // JLine's UserInterruptException (Ctrl-C) or EndOfFileException (Ctrl-D): nothing was answered.
            throw new IOException("Nothing was typed (" + e.getCause().getClass().getSimpleName() + ")");
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("The Gogo shell's line reader cannot ask: " + e);
        }
    }

    /** Reads up to the next line break, byte by byte, so that nothing after it is taken from the session. */
    private static char[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        boolean any = false;
        while ((b = in.read()) != -1) {
            any = true;
            if (b == '\n') {
                break;
            }
            if (bytes.size() >= MAX_LINE_BYTES) {
                throw new IOException("The answer is longer than " + MAX_LINE_BYTES + " bytes");
            }
            bytes.write(b);
        }
        if (!any) {
            throw new IOException("The session's input has ended, so nothing can be asked (the command runs from a"
                    + " script or without a console)");
        }
        byte[] raw = bytes.toByteArray();
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(raw));
        int length = chars.limit() > 0 && chars.get(chars.limit() - 1) == '\r' ? chars.limit() - 1 : chars.limit();
        char[] line = Arrays.copyOf(chars.array(), length);
        Arrays.fill(raw, (byte) 0);
        Arrays.fill(chars.array(), '\0');
        return line;
    }
}
