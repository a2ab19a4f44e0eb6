package org.homeautomation.backup.webconsole.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.homeautomation.backup.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The Backups page in a real browser against a real Karaf: one Karaf and one Chromium for all tests. Karaf has three
 * local agents: the stock {@code local}, {@code second} in a folder of this build, and {@code usb}, whose folder is
 * missing like an unmounted drive's, so that its uploads fail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupsPageTest {
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String AGENT_PID = "org.homeautomation.backup.agent.local";
    private static final Pattern SHA256 = Pattern.compile("\"sha256\"\\s*:\\s*\"([0-9a-f]{64})\"");

    private Path output;
    private Path secondFolder;
    private Path downloads;
    private KarafServer karaf;
    private ChromeDriver browser;
    private BackupsPage page;
    private ConsoleClient client;

    @BeforeAll
    void startKarafAndBrowser() throws Exception {
        output = Path.of(KarafServer.required("webconsole.itest.output"));
        Path agents = output.resolve("agents");
        KarafServer.deleteTree(agents);
        secondFolder = agents.resolve("second");
        Path usbFolder = agents.resolve("usb-not-mounted");
        karaf = KarafServer.start(Map.of(
                AGENT_PID + "-second.cfg", Map.of("id", "second", "name", "Second disk",
                        "directory", secondFolder.toString(), "createFolder", "true"),
                AGENT_PID + "-usb.cfg", Map.of("id", "usb", "name", "USB drive",
                        "directory", usbFolder.toString(), "createFolder", "false")));
        client = new ConsoleClient(karaf.httpPort());
        try {
            Await.until("the Backups page to list the agents local, second and usb", BOOT_TIMEOUT, () -> {
                if (karaf.bootFailed()) {
                    throw new AssertionError("Karaf could not install its boot features");
                }
                ConsoleClient.Answer a = client.get("/overview.json", KarafServer.ADMIN, KarafServer.ADMIN_PASSWORD);
                return a.status() == 200 && Stream.of("local", "second", "usb")
                        .allMatch(id -> a.body().contains("\"id\":\"" + id + "\""));
            }, this::overviewOrLog);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nKaraf's log ends with:\n" + karaf.logTail(), e);
        }
        downloads = output.resolve("downloads");
        KarafServer.deleteTree(downloads);
        Path profile = output.resolve("chromium-profile");
        KarafServer.deleteTree(profile);
        browser = Chromium.start(profile, downloads);
        page = new BackupsPage(browser, karaf.httpPort());
    }

    @AfterAll
    void stopBrowserAndKaraf() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (karaf != null) {
                karaf.close();
            }
        }
    }

    @BeforeEach
    void openThePage() {
        page.open();
    }

    @Test
    void showsTheManagerItsAutomaticBackupsAndTheAgents() {
        assertTrue(page.statusLine().startsWith("Manager idle"), page.statusLine());
        assertEquals("idle", page.status("bk-state"));
        assertEquals("never", page.status("bk-last-attempt"));
        assertEquals("none scheduled", page.status("bk-next-run"));
        assertEquals("none", page.status("bk-last-failure"));

        assertEquals(List.of("second", "Second disk", "available"), page.agentRow("second"));
        assertEquals("available", page.agentRow("local").get(2));
        List<String> usb = page.agentRow("usb");
        assertTrue(usb.get(2).startsWith("not available") && usb.get(2).contains("does not exist or is not a folder"),
                "the unavailable agent says why: " + usb);
        assertEquals(Set.of("local", "second", "usb"), page.offeredAgents());
        // Stock Karaf has no participant; an ignored one is covered by OverviewJsonTest and the Karaf tests.
        assertTrue(page.status("bk-participants").contains("No participant is registered"),
                page.status("bk-participants"));
    }

    @Test
    void createsABackupOnTwoAgentsShowsBothUploadsEndingThenListsIt() throws IOException {
        String name = "two agents " + shortId();
        page.create(name, Set.of("local", "second"));
        awaitEnd(name);

        assertEquals("SUCCEEDED", page.summaryOutcome(), page.progressText());
        for (String agent : List.of("local", "second")) {
            assertEquals(100, page.percent(agent), agent + "'s bar: " + page.progressText());
            assertEquals("SUCCEEDED", page.agentOutcome(agent), page.progressText());
            assertTrue(page.agentResultText(agent).contains("stored"), page.agentResultText(agent));
        }
        assertEquals(-1, page.percent("usb"), "an agent not chosen has no bar");

        String id = awaitListed(name);
        assertEquals(id, page.listedIds().get(0), "newest first");
        List<String> row = page.backupRow(id);
        assertTrue(row.get(0).startsWith(name) && row.get(0).contains(id), row.toString());
        assertEquals("no", row.get(3), "not protected: " + row);
        assertEquals("local, second", row.get(4), row.toString());
        assertEquals("-", row.get(5), "no agent failed: " + row);
        assertTrue(Files.isRegularFile(secondFolder.resolve(id + ".tar")), "stored in the second agent's folder");

        page.screenshot(output.resolve("screenshots").resolve("backups-page.png"));
    }

    @Test
    void downloadsTheArchiveAsTheAgentHoldsIt() throws Exception {
        String name = "download " + shortId();
        String id = createAndAwait(name, Set.of("second"));

        page.download(id, "second");
        Path file = downloads.resolve(id + ".tar");
        Await.until("the browser to save " + file.getFileName(), TIMEOUT,
                () -> Files.isRegularFile(file) && noPartialDownloads(), this::downloadsFolder);

        Path stored = secondFolder.resolve(id + ".tar");
        assertEquals(Files.size(stored), Files.size(file), "the download has the stored size");
        assertArrayEquals(sha256(stored), sha256(file), "the download has the bytes the agent holds");
        String metadata = Files.readString(secondFolder.resolve(id + ".json"));
        Matcher digest = SHA256.matcher(metadata);
        assertTrue(digest.find(), metadata);
        assertEquals(digest.group(1), HexFormat.of().formatHex(sha256(file)),
                "the download matches the digest recorded when the backup was made");
        assertEquals(List.of(), page.errors());
    }

    @Test
    void downloadsAProtectedBackupUnprotectedWithItsPasswordAndNeverShowsThePassword() throws Exception {
        // Not only ASCII: the password must reach the manager as typed, through the script and through a plain form.
        String password = "correct horse ünïcødé " + shortId();
        String name = "protected " + shortId();
        page.create(name, Set.of("second"), password);
        awaitEnd(name);
        assertEquals("SUCCEEDED", page.summaryOutcome(), page.progressText());
        String id = awaitListed(name);
        assertEquals("yes", page.backupRow(id).get(3), "protected: " + page.backupRow(id));

        assertTrue(page.download(id, "second", "wrong " + password), "a protected copy asks for its password");
        Await.until("an error line", TIMEOUT, () -> !page.errors().isEmpty(), this::downloadsFolder);
        String error = page.errors().get(0);
        assertTrue(error.startsWith("The download failed") && error.contains(id), error);

        page.download(id, "second", password);
        Path file = downloads.resolve(id + ".tar");
        Await.until("the browser to save " + file.getFileName(), TIMEOUT,
                () -> Files.isRegularFile(file) && noPartialDownloads(), this::downloadsFolder);
        assertFalse(java.util.Arrays.equals(sha256(file), sha256(secondFolder.resolve(id + ".tar"))),
                "with the password the download is not the protected copy as stored");
        String metadata = ArchiveEntries.text(file, "backup.json");
        assertTrue(metadata.replace(" ", "").contains("\"protected\":false"),
                "the unprotected copy says so: " + metadata);

        assertFalse(page.source().contains(password), "the page never shows the password");
        assertFalse(karaf.log().contains(password), "the password never reaches the log");
    }

    @Test
    void deletesABackupOnlyOnceConfirmed() throws Exception {
        String name = "delete " + shortId();
        String id = createAndAwait(name, Set.of("local", "second"));

        String question = page.askToDelete(id);
        assertTrue(question.contains(name) && question.contains(id), question);
        assertTrue(question.contains("local, second") && question.contains("cannot be undone"), question);
        page.answerDelete(false);
        assertTrue(page.listedIds().contains(id), "cancelled: still listed");
        assertTrue(Files.isRegularFile(secondFolder.resolve(id + ".tar")), "cancelled: still stored");

        page.askToDelete(id);
        page.answerDelete(true);
        Await.until("the backup to leave the list", TIMEOUT, () -> !page.listedIds().contains(id),
                () -> page.listedIds().toString());
        assertFalse(Files.exists(secondFolder.resolve(id + ".tar")), "deleted from the second agent's folder");
        assertFalse(listedByManager(id), "the manager no longer lists it");
        assertEquals(List.of(), page.errors());
    }

    @Test
    void verifiesEveryCopyAndShowsTheDamagedOne() throws Exception {
        String id = createAndAwait("verify " + shortId(), Set.of("local", "second"));

        List<String> whole = page.verify(id);
        assertEquals(2, whole.size(), whole.toString());
        assertTrue(whole.stream().allMatch(l -> l.matches("(local|second): ok: size, SHA-256 digest and .*")),
                whole.toString());

        Path copy = secondFolder.resolve(id + ".tar");
        byte[] bytes = Files.readAllBytes(copy);
        bytes[bytes.length / 2] ^= (byte) 0xff;
        // Written beside and moved over: the agents may share the archive's file through hard links.
        Path damagedCopy = Files.write(secondFolder.resolve(id + ".tar.damaged"), bytes);
        Files.move(damagedCopy, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<String> damaged = page.verify(id);
        assertTrue(damaged.contains("second: DAMAGED"), damaged.toString());
        assertTrue(damaged.stream().anyMatch(l -> l.startsWith("digest mismatch: ")), damaged.toString());
        assertTrue(damaged.stream().anyMatch(l -> l.startsWith("local: ok")), damaged.toString());
        Await.until("an error line", TIMEOUT, () -> !page.errors().isEmpty(), () -> "no error shown");
        assertTrue(page.errors().get(0).contains("damaged on second"), page.errors().toString());
    }

    @Test
    void showsTheManagersErrorWhenAnActionFails() throws Exception {
        String name = "gone " + shortId();
        String id = createAndAwait(name, Set.of("second"));
        page.askToDelete(id);
        // Someone else deletes it while the confirmation is open.
        ConsoleClient.Answer deleted = client.post("/delete.json", KarafServer.ADMIN, KarafServer.ADMIN_PASSWORD,
                Map.of("X-Backup-Token", page.token()), Map.of("id", id));
        assertEquals(200, deleted.status(), deleted.body());

        page.answerDelete(true);
        Await.until("an error line", TIMEOUT, () -> !page.errors().isEmpty(), () -> "no error shown");
        String error = page.errors().get(0);
        assertTrue(error.contains(id) && error.contains("was not deleted"), error);
    }

    @Test
    void showsAFailingAgentWithItsReason() throws IOException {
        String name = "failing agent " + shortId();
        page.create(name, Set.of("second", "usb"));
        awaitEnd(name);

        assertEquals("PARTIALLY_FAILED", page.summaryOutcome(), page.progressText());
        assertEquals("SUCCEEDED", page.agentOutcome("second"), page.progressText());
        assertEquals(100, page.percent("second"));
        assertEquals("FAILED", page.agentOutcome("usb"), page.progressText());
        String usb = page.agentResultText("usb");
        assertTrue(usb.contains("failed") && usb.contains("does not exist or is not a folder"),
                "the failure says why: " + usb);

        String id = awaitListed(name);
        List<String> row = page.backupRow(id);
        assertEquals("second", row.get(4), row.toString());
        assertTrue(row.get(5).startsWith("usb"), "the list names the failed agent: " + row);
        page.screenshot(output.resolve("screenshots").resolve("backups-page-failed-agent.png"));
    }

    @Test
    void refusesRequestsThatDoNotComeFromThePage() throws Exception {
        String id = createAndAwait("forged " + shortId(), Set.of("second"));
        String token = page.token();
        Map<String, String> form = Map.of("id", id);

        ConsoleClient.Answer noToken = client.post("/delete.json", KarafServer.ADMIN, KarafServer.ADMIN_PASSWORD,
                Map.of(), form);
        assertEquals(403, noToken.status(), noToken.body());
        assertTrue(noToken.body().contains("token"), noToken.body());

        ConsoleClient.Answer wrongToken = client.post("/delete.json", KarafServer.ADMIN,
                KarafServer.ADMIN_PASSWORD, Map.of("X-Backup-Token", "x" + token), form);
        assertEquals(403, wrongToken.status(), wrongToken.body());

        ConsoleClient.Answer otherSite = client.post("/delete.json", KarafServer.ADMIN, KarafServer.ADMIN_PASSWORD,
                Map.of("X-Backup-Token", token, "Origin", "http://attacker.example"), form);
        assertEquals(403, otherSite.status(), otherSite.body());

        ConsoleClient.Answer viewer = client.post("/delete.json", KarafServer.VIEWER, KarafServer.VIEWER_PASSWORD,
                Map.of("X-Backup-Token", token), form);
        assertEquals(401, viewer.status(), "the console lets only admins in: " + viewer.body());
        assertEquals(401, client.get("/overview.json", KarafServer.VIEWER, KarafServer.VIEWER_PASSWORD).status());
        assertEquals(401, client.get("/overview.json", null, null).status());

        assertTrue(listedByManager(id), "nothing was deleted");
        assertTrue(Files.isRegularFile(secondFolder.resolve(id + ".tar")));

        ConsoleClient.Answer withToken = client.post("/delete.json", KarafServer.ADMIN, KarafServer.ADMIN_PASSWORD,
                Map.of("X-Backup-Token", token), form);
        assertEquals(200, withToken.status(), "the same request with the page's token is accepted: "
                + withToken.body());
        assertFalse(listedByManager(id));
    }

    @Test
    void asksBeforeARestoreWhatItReplaces() throws IOException {
        String name = "restore " + shortId();
        String id = createAndAwait(name, Set.of("local"));
        String confirmation = page.askToRestore(id);
        assertTrue(confirmation.contains(name) && confirmation.contains(id), confirmation);
        assertTrue(confirmation.contains("live folder is replaced"), confirmation);
        assertTrue(confirmation.contains("etc") && confirmation.contains("data"), "names the contents: "
                + confirmation);
        assertTrue(confirmation.contains("Replace and restore"), confirmation);
        page.screenshot(output.resolve("screenshots").resolve("backups-restore-confirmation.png"));
        page.cancelRestore();
    }

    @Test
    void browsesABackupFiltersItAndRestoresOneFileOfEtc() throws Exception {
        String name = "browse " + shortId();
        String id = createAndAwait(name, Set.of("local"));

        List<String> top = page.browse(id);
        assertTrue(top.contains("org.apache.karaf.features.cfg"), "the top of etc: " + top);
        List<String> filtered = page.browseFilter("etc/org.apache.karaf.features.c?g");
        assertEquals(List.of("etc/org.apache.karaf.features.cfg"), filtered);
        String question = page.restoreBrowsed("etc/org.apache.karaf.features.cfg");
        assertTrue(question.contains("into the live folder") && question.contains(id), question);

        Await.until("the restore of one file to end", TIMEOUT,
                () -> page.operationTitle().contains("Restore") && page.summaryOutcome() != null,
                () -> page.progressText() + " / errors: " + page.errors());
        assertEquals("SUCCEEDED", page.summaryOutcome(), page.progressText());

        String token = page.token();
        ConsoleClient.Answer listed = client.post("/browse.json", KarafServer.ADMIN, KarafServer.ADMIN_PASSWORD,
                Map.of("X-Backup-Token", token), Map.of("id", id, "content", "etc", "glob", "etc/*.cfg"));
        assertEquals(200, listed.status(), listed.body());
        assertTrue(listed.body().contains("\"path\":\"etc/org.apache.karaf.features.cfg\""), listed.body());
        ConsoleClient.Answer forged = client.post("/browse.json", KarafServer.ADMIN, KarafServer.ADMIN_PASSWORD,
                Map.of(), Map.of("id", id, "content", "etc"));
        assertEquals(403, forged.status(), "a listing needs the page's token too: " + forged.body());
    }

    @Test
    void refusesABackupWithoutAgentOnThePage() {
        page.create("no agent " + shortId(), Set.of());
        Await.until("an error line", TIMEOUT, () -> !page.errors().isEmpty(), () -> "no error shown");
        assertEquals(List.of("Choose at least one agent to store the backup on."), page.errors());
    }

    // ---------- helpers

    /** Creates a backup through the page, waits until it ended well and is listed. @return its id */
    private String createAndAwait(String name, Set<String> agents) {
        page.create(name, agents);
        awaitEnd(name);
        assertEquals("SUCCEEDED", page.summaryOutcome(), page.progressText());
        return awaitListed(name);
    }

    private void awaitEnd(String name) {
        Await.until("the backup '" + name + "' to end", TIMEOUT,
                () -> page.operationTitle().contains(name) && page.summaryOutcome() != null,
                () -> page.progressText() + " / errors: " + page.errors());
    }

    private String awaitListed(String name) {
        Await.until("the backup '" + name + "' in the list", TIMEOUT, () -> page.idOfBackupNamed(name) != null,
                () -> page.listedIds().toString());
        return page.idOfBackupNamed(name);
    }

    /** @return whether the backups of overview.json hold this id (its latest operation may name it too) */
    private boolean listedByManager(String id) throws IOException, InterruptedException {
        ConsoleClient.Answer a = client.get("/overview.json", KarafServer.ADMIN, KarafServer.ADMIN_PASSWORD);
        assertEquals(200, a.status(), a.body());
        String body = a.body();
        int backups = body.indexOf("\"backups\":");
        int operation = body.indexOf("\"operation\":", backups);
        assertTrue(backups >= 0 && operation > backups, body);
        return body.substring(backups, operation).contains("\"id\":\"" + id + "\"");
    }

    private String overviewOrLog() {
        try {
            ConsoleClient.Answer a = client.get("/overview.json", KarafServer.ADMIN, KarafServer.ADMIN_PASSWORD);
            return a.status() + " " + a.body();
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }

    private boolean noPartialDownloads() throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.noneMatch(p -> p.getFileName().toString().endsWith(".crdownload"));
        }
    }

    private String downloadsFolder() {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.map(p -> p.getFileName().toString()).toList() + " / errors: " + page.errors();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static byte[] sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
