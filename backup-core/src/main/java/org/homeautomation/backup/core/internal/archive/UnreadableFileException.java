package org.homeautomation.backup.core.internal.archive;

import java.io.IOException;

/**
 * A source file or folder could not be read and the policy is {@link UnreadableFilePolicy#FAIL}. The message names
 * the file as {@code <content>/<path>} and says why.
 */
public class UnreadableFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String contentName;
    private final String relativePath;

    /**
     * @param contentName  the content the file belongs to
     * @param relativePath the file's path relative to the content root, '/'-separated; folders end with '/'
     * @param reason       why it could not be read, for people
     * @param cause        the error that said so, may be null
     */
    public UnreadableFileException(String contentName, String relativePath, String reason, Throwable cause) {
        super("Cannot read " + contentName + "/" + relativePath + ": " + reason
                + ". Make it readable for the user the runtime runs as, exclude it from the backup,"
                + " or set the unreadable-file policy to SKIP.", cause);
        this.contentName = contentName;
        this.relativePath = relativePath;
    }

    /** @return the name of the content the file belongs to */
    public String contentName() {
        return contentName;
    }

    /** @return the file's path relative to the content root */
    public String relativePath() {
        return relativePath;
    }
}
