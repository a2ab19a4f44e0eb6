package org.homeautomation.backup.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A console for the tests: what is printed is kept, questions are answered from a list and recorded, and when the
 * answers run out the prompt says there is nothing to read, as a session without input does.
 */
final class Screen {
    static final ZoneId UTC = ZoneId.of("UTC");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Deque<String> answers = new ArrayDeque<>();
    final List<String> questions = new ArrayList<>();

    /** @param typed the answers, in order */
    Screen answering(String... typed) {
        answers.addAll(List.of(typed));
        return this;
    }

    Console console() {
        ConsolePrompt prompt = (question, hidden) -> {
            questions.add(question + (hidden ? "(hidden)" : ""));
            if (answers.isEmpty()) {
                throw new IOException("The session's input has ended");
            }
            return answers.poll().toCharArray();
        };
        return new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8), prompt, Console.PLAIN_TABLES, UTC);
    }

    String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    List<String> lines() {
        return text().lines().toList();
    }
}
