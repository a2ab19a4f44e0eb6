package org.homeautomation.backup.agent.restic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening and creating repositories, against the stock restic command both ways. */
class RepositoryKeysTest {
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path work;

    @Test
    void opensARepositoryThatResticMade() throws Exception {
        Path repo = work.resolve("repo");
        ResticCommand restic = ResticCommand.on(repo, PASSWORD);
        restic.run("init", "--repository-version", "2");

        Repository opened = Repository.open(repo, PASSWORD);

        String config = restic.run("cat", "config");
        assertTrue(config.contains(opened.id()), config);
        assertTrue(config.contains(Long.toHexString(opened.chunkerPolynomial())), config);
    }

    @Test
    void aWrongPasswordIsRefusedNamingTheRepository() throws Exception {
        Path repo = work.resolve("repo");
        ResticCommand.on(repo, PASSWORD).run("init", "--repository-version", "2");

        RepositoryException e = assertThrows(RepositoryException.class, () -> Repository.open(repo, "wrong"));

        assertEquals(RepositoryException.Reason.WRONG_PASSWORD, e.reason());
        assertTrue(e.getMessage().contains(repo.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("wrong"), e.getMessage());
    }

    @Test
    void aVersionOneRepositoryIsRefusedNamingTheVersion() throws Exception {
        Path repo = work.resolve("repo");
        ResticCommand.on(repo, PASSWORD).run("init", "--repository-version", "1");

        RepositoryException e = assertThrows(RepositoryException.class, () -> Repository.open(repo, PASSWORD));

        assertEquals(RepositoryException.Reason.UNSUPPORTED_VERSION, e.reason());
        assertTrue(e.getMessage().contains("version 1"), e.getMessage());
    }

    @Test
    void resticOpensARepositoryWeMade() throws Exception {
        Path repo = work.resolve("repo");
        Repository made = Repository.initialize(repo, PASSWORD);

        ResticCommand restic = ResticCommand.on(repo, PASSWORD);
        assertEquals("[]", restic.run("snapshots", "--json").trim());
        restic.run("check");
        String config = restic.run("cat", "config");
        assertTrue(config.contains("\"version\": 2"), config);
        assertTrue(config.contains(made.id()), config);
        assertEquals(made.id(), Repository.open(repo, PASSWORD).id());
    }

    @Test
    void unpackedFilesRoundTripCompressed() throws Exception {
        Repository repo = Repository.initialize(work.resolve("repo"), PASSWORD);
        byte[] json = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);

        String id = repo.saveJson(RepositoryStorage.FileType.SNAPSHOT, json);

        assertArrayEquals(json, repo.loadJson(RepositoryStorage.FileType.SNAPSHOT, id));
        Path file = ((RepositoryFolder) repo.storage()).path(RepositoryStorage.FileType.SNAPSHOT, id);
        assertEquals(id, Ids.hash(Files.readAllBytes(file)));
    }

    @Test
    void aRandomPolynomialIsIrreducibleOfDegree53() {
        long p = Polynomial.randomIrreducible(new java.security.SecureRandom());
        assertEquals(53, Polynomial.degree(p));
        assertTrue(Polynomial.irreducible(p));
        // restic's design document's example polynomial, and a product of two polynomials
        assertTrue(Polynomial.irreducible(0x3DA3358B4DC173L));
        assertFalse(Polynomial.irreducible(0x3DA3358B4DC173L ^ 1));
    }
}
