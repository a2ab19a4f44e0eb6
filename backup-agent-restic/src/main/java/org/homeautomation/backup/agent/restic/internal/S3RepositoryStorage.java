package org.homeautomation.backup.agent.restic.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.homeautomation.backup.api.AgentUnavailableException;
import org.homeautomation.backup.api.BackupAgentException;
import org.homeautomation.backup.support.s3.BodyIntegrity;
import org.homeautomation.backup.support.s3.S3Clients;
import org.homeautomation.backup.support.s3.S3Connection;
import org.homeautomation.backup.support.s3.S3Failures;
import org.homeautomation.backup.support.s3.TransferStalledException;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A restic repository as objects under a prefix of an S3 bucket, named as restic's S3 backend names them: the files of
 * a folder repository, with {@code /} in their keys ({@code <prefix>/config}, {@code <prefix>/data/ab/ab12...}). A PUT
 * is atomic, so files are written in one request each; a pack is first written to a local temporary file (as restic
 * does), so that its size never weighs on the heap, and sent from there. Buckets are never created (as the S3 agent
 * does not): an {@code initialize}d repository goes into an existing bucket.
 *
 * <p>The client is built by the S3 agent's code ({@link S3Clients}): every part set explicitly, a stall guard on
 * uploads. Failures of the store become {@link RepositoryStorage.StorageFailure}s with the S3 agent's messages
 * ({@link S3Failures}); none names the secret key.
 */
final class S3RepositoryStorage implements RepositoryStorage {
    /** The endpoint and the bucket are parts of the agent's 'repository', not keys of their own. */
    private static final S3Failures.SettingNames REPOSITORY_NAMES = new S3Failures.SettingNames(
            "the endpoint in 'repository'", "the bucket in 'repository'");

    private final String location;
    private final S3Connection connection;
    private final S3Failures failures;
    private final BodyIntegrity integrity;
    private final S3Clients.Pair clients;
    private final Object tempLock = new Object();
    private Path tempFolder;

    /**
     * Builds the client; no request is sent until the storage is used.
     *
     * @param location the repository as configured, {@code s3:<endpoint>/<bucket>/<prefix>}, for messages
     */
    S3RepositoryStorage(String location, S3Connection connection) {
        this.location = location;
        this.connection = connection;
        this.failures = new S3Failures("", connection, REPOSITORY_NAMES);
        this.integrity = BodyIntegrity.forEndpoint(connection.endpoint());
        this.clients = S3Clients.create(connection);
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public String describe() {
        return "S3 location " + location;
    }

    @Override
    public String unreachableAdvice() {
        return "(no config object there, or the store did not answer); check that the store is running, and"
                + " 'repository' and the credentials";
    }

    @Override
    public void requirePlace() throws RepositoryException, IOException {
        try {
            call("could not reach bucket '" + connection.bucket() + "'", location,
                    () -> s3().headBucket(b -> b.bucket(connection.bucket())));
        } catch (NoSuchFileException e) {
            throw new RepositoryException(RepositoryException.Reason.MISSING, "The bucket '" + connection.bucket()
                    + "' of the restic repository " + location + " does not exist at " + connection.storeName()
                    + "; create it (the agent never creates buckets), or correct 'repository'");
        }
    }

    @Override
    public boolean hasConfig() throws IOException {
        try {
            call("could not look for the config of " + location, key("config"),
                    () -> s3().headObject(b -> b.bucket(connection.bucket()).key(key("config"))));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** @throws RepositoryException when the bucket does not exist: the agent never creates buckets */
    @Override
    public boolean isMissingOrEmpty() throws RepositoryException, IOException {
        requirePlace();
        String under = connection.prefix().isEmpty() ? "" : connection.prefix() + "/";
        return call("could not list " + location, location, () -> s3().listObjectsV2(b -> b
                .bucket(connection.bucket()).prefix(under).maxKeys(1))).contents().isEmpty();
    }

    @Override
    public void createLayout() {
        // a bucket has no folders: the keys of the files are all there is
    }

    @Override
    public List<String> list(FileType type) throws IOException {
        String folder = key(type.folder) + "/";
        return call("could not list " + name(type.folder), folder, () -> {
            List<String> ids = new ArrayList<>();
            for (S3Object object : s3().listObjectsV2Paginator(b -> b.bucket(connection.bucket()).prefix(folder))
                    .contents()) {
                String name = object.key().substring(object.key().lastIndexOf('/') + 1);
                if (Ids.isId(name)) {
                    ids.add(name);
                }
            }
            return ids;
        });
    }

    @Override
    public byte[] read(FileType type, String id) throws IOException {
        return get(relative(type, id));
    }

    @Override
    public byte[] readConfig() throws IOException {
        return get("config");
    }

    private byte[] get(String relative) throws IOException {
        return call("could not read " + name(relative), name(relative), () -> s3().getObjectAsBytes(b -> b
                .bucket(connection.bucket()).key(key(relative)).overrideConfiguration(S3Clients::transferTimeouts))
                .asByteArray());
    }

    @Override
    public long size(FileType type, String id) throws IOException {
        String relative = relative(type, id);
        return call("could not read " + name(relative), name(relative), () -> s3().headObject(b -> b
                .bucket(connection.bucket()).key(key(relative)))).contentLength();
    }

    @Override
    public byte[] readRange(String packId, long offset, int length) throws IOException {
        String relative = relative(FileType.PACK, packId);
        byte[] bytes = call("could not read " + name(relative), name(relative), () -> s3().getObjectAsBytes(b -> b
                .bucket(connection.bucket()).key(key(relative)).range("bytes=" + offset + "-" + (offset + length - 1))
                .overrideConfiguration(S3Clients::transferTimeouts)).asByteArray());
        if (bytes.length != length) {
            throw new IOException("Pack " + packId + " ends before byte " + (offset + length)
                    + " that the index names");
        }
        return bytes;
    }

    @Override
    public void write(FileType type, String id, byte[] content) throws IOException {
        put(relative(type, id), content);
    }

    @Override
    public void writeConfig(byte[] content) throws IOException {
        put("config", content);
    }

    private void put(String relative, byte[] content) throws IOException {
        call("could not write " + name(relative), name(relative), () -> s3().putObject(b -> b
                .bucket(connection.bucket()).key(key(relative)).contentLength((long) content.length)
                .contentMD5(integrity.contentMd5(content, 0, content.length))
                .overrideConfiguration(S3Clients::transferTimeouts), RequestBody.fromBytes(content)));
    }

    @Override
    public PendingFile newPendingFile() throws IOException {
        return LocalPendingFile.open(Files.createTempFile(tempFolder(), "pack-", ".partial"), false, this::upload);
    }

    /** Sends a finished pack from its local file in one PUT, which the store keeps whole or not at all. */
    private void upload(Path file, FileType type, String id) throws IOException {
        String relative = relative(type, id);
        String md5 = integrity.contentMd5(file);
        long size = Files.size(file);
        call("could not write " + name(relative), name(relative), () -> s3().putObject(b -> b
                .bucket(connection.bucket()).key(key(relative)).contentLength(size).contentMD5(md5)
                .overrideConfiguration(S3Clients::transferTimeouts), RequestBody.fromFile(file)));
    }

    @Override
    public void delete(FileType type, String id) throws IOException {
        String relative = relative(type, id);
        call("could not delete " + name(relative), name(relative), () -> s3().deleteObject(b -> b
                .bucket(connection.bucket()).key(key(relative))));
    }

    @Override
    public String name(FileType type, String id) {
        return name(relative(type, id));
    }

    @Override
    public Path ownedByThisProcess() throws IOException {
        return tempFolder();
    }

    @Override
    public void close() {
        clients.close();
        synchronized (tempLock) {
            if (tempFolder != null) {
                try {
                    Files.deleteIfExists(tempFolder);
                } catch (IOException e) {
                    // a pack still being written by an upload that is being cut off; the system's tmp cleaner takes it
                }
                tempFolder = null;
            }
        }
    }

    /** The local folder of packs being written: made on first use, so that activation touches no disk. */
    private Path tempFolder() throws IOException {
        synchronized (tempLock) {
            if (tempFolder == null || !Files.isDirectory(tempFolder)) {
                tempFolder = Files.createTempDirectory("homeautomation-restic-s3-");
            }
            return tempFolder;
        }
    }

    private S3Client s3() {
        return clients.s3();
    }

    private static String relative(FileType type, String id) {
        return type == FileType.PACK ? "data/" + id.substring(0, 2) + "/" + id : type.folder + "/" + id;
    }

    private String key(String relative) {
        return connection.prefix().isEmpty() ? relative : connection.prefix() + "/" + relative;
    }

    private String name(String relative) {
        return location + "/" + relative;
    }

    /** One SDK call: a missing object or bucket becomes {@link NoSuchFileException}, a failure a StorageFailure. */
    private <T> T call(String what, String name, SdkCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw new NoSuchFileException(name);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NoSuchFileException(name);
            }
            throw failure(failures.translate(what, e));
        } catch (SdkException e) {
            throw failure(failures.translate(what, e));
        } catch (TransferStalledException e) {
            throw failure(failures.stalled(what, e));
        }
    }

    private static StorageFailure failure(BackupAgentException translated) {
        return new StorageFailure(translated.getMessage(), translated instanceof AgentUnavailableException,
                translated.getCause());
    }

    @FunctionalInterface
    private interface SdkCall<T> {
        T run() throws IOException;
    }
}
