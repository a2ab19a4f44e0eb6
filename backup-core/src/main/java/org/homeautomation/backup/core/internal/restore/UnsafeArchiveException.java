package org.homeautomation.backup.core.internal.restore;

/**
 * A content's tar holds an entry that a restore must not write: a name or link leading outside the content's
 * folder, a path through a symbolic link, a device or named pipe, an entry type this restore does not know, or two
 * entries of the same name and different types. One such entry rejects the whole content.
 */
public class UnsafeArchiveException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String content;
    private final String entry;
    private final String reason;

    /**
     * @param content the content's name
     * @param entry the entry's name as the tar has it
     * @param reason why the entry is refused, in words that complete "entry X ..."
     */
    public UnsafeArchiveException(String content, String entry, String reason) {
        super("Refusing to restore content '" + content + "': entry '" + printable(entry) + "' " + reason
                + ". The backup may have been tampered with or made by another program; nothing of it was restored.");
        this.content = content;
        this.entry = entry;
        this.reason = reason;
    }

    /** @return the name of the content whose tar was refused */
    public String content() {
        return content;
    }

    /** @return the refused entry's name, exactly as in the tar (it may hold control characters) */
    public String entry() {
        return entry;
    }

    /** @return why the entry was refused */
    public String reason() {
        return reason;
    }

    /** @return {@code text} with control characters (NUL, newlines) shown as escapes, fit for messages and logs */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
