package org.homeautomation.backup.karaf.itest;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.console.CommandLine;

/**
 * A command line with the cursor at its end, split on spaces: what the console hands a completer when Tab is pressed.
 */
final class CompletionRequest implements CommandLine {
    private final String buffer;
    private final List<String> arguments;

    CompletionRequest(String buffer) {
        this.buffer = buffer;
        List<String> words = new ArrayList<>(List.of(buffer.trim().split(" +")));
        if (buffer.endsWith(" ")) {
            // Tab after a space completes a new, still empty argument.
            words.add("");
        }
        this.arguments = List.copyOf(words);
    }

    List<String> arguments() {
        return arguments;
    }

    @Override
    public int getCursorArgumentIndex() {
        return arguments.size() - 1;
    }

    @Override
    public String getCursorArgument() {
        return arguments.get(arguments.size() - 1);
    }

    @Override
    public int getArgumentPosition() {
        return getCursorArgument().length();
    }

    @Override
    public String[] getArguments() {
        return arguments.toArray(new String[0]);
    }

    @Override
    public int getBufferPosition() {
        return buffer.length();
    }

    @Override
    public String getBuffer() {
        return buffer;
    }
}
