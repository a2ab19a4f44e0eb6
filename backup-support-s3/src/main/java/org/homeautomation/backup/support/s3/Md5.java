package org.homeautomation.backup.support.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The Content-MD5 header value of a request body: every S3-compatible store checks it and refuses a damaged body. */
public final class Md5 {
    private Md5() {
    }

    public static String contentMd5(byte[] bytes, int offset, int length) {
        MessageDigest md5 = md5();
        md5.update(bytes, offset, length);
        return Base64.getEncoder().encodeToString(md5.digest());
    }

    /** @return the Content-MD5 of a file's bytes, read in pieces */
    public static String contentMd5(Path file) throws IOException {
        MessageDigest md5 = md5();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                md5.update(buffer, 0, n);
            }
        }
        return Base64.getEncoder().encodeToString(md5.digest());
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java runtime has no MD5, which every Java SE runtime has", e);
        }
    }
}
