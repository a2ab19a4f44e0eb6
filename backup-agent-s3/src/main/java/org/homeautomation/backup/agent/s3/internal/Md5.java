package org.homeautomation.backup.agent.s3.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The Content-MD5 header value of a request body: every S3-compatible store checks it and refuses a damaged body. */
final class Md5 {
    private Md5() {
    }

    static String contentMd5(byte[] bytes, int offset, int length) {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java runtime has no MD5, which every Java SE runtime has", e);
        }
        md5.update(bytes, offset, length);
        return Base64.getEncoder().encodeToString(md5.digest());
    }
}
