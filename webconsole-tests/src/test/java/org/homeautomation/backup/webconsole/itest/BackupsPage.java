package org.homeautomation.backup.webconsole.itest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.homeautomation.backup.testsupport.Await;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The Backups page as a person uses it, through the browser: what it shows and the buttons and fields it has.
 */
final class BackupsPage {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ChromeDriver driver;
    private final String url;

    /**
     * @param driver the browser
     * @param port the port of Karaf's HTTP service
     */
    BackupsPage(ChromeDriver driver, int port) {
        this.driver = driver;
        // The Web Console asks for HTTP basic authentication; the browser takes the credentials from the address.
        this.url = "http://" + KarafServer.ADMIN + ":" + KarafServer.ADMIN_PASSWORD + "@127.0.0.1:" + port
                + "/system/console/backups";
    }

    /** Opens the page and waits until it has shown the manager's state. */
    BackupsPage open() {
        driver.get(url);
        Await.until("the page to show the manager's state", TIMEOUT,
                () -> text(By.id("bk-statline")).startsWith("Manager"), () -> text(By.id("bk-statline")));
        return this;
    }

    WebDriver driver() {
        return driver;
    }

    /** @return the status line above the page */
    String statusLine() {
        return text(By.id("bk-statline"));
    }

    /** @return the value shown in the status table, by the id of its cell */
    String status(String cellId) {
        return text(By.id(cellId));
    }

    /** @return the row of the agents table for this agent: id, name, status */
    List<String> agentRow(String agentId) {
        return driver.findElements(By.cssSelector("#bk-agents tr[data-agent='" + agentId + "'] td")).stream()
                .map(WebElement::getText).toList();
    }

    /** @return the page's request token, as its script sends it */
    String token() {
        return driver.findElement(By.id("backups")).getAttribute("data-token");
    }

    /**
     * Fills in the create form and submits it.
     *
     * @param name the backup's name
     * @param agents the agents to tick; every other agent is unticked
     */
    void create(String name, Set<String> agents) {
        create(name, agents, null);
    }

    /**
     * Fills in the create form, with a password typed twice when one is given, and submits it.
     *
     * @param name the backup's name
     * @param agents the agents to tick; every other agent is unticked
     * @param password the password that protects the backup, or null
     */
    void create(String name, Set<String> agents, String password) {
        if (password != null) {
            driver.findElement(By.id("bk-create-password")).sendKeys(password);
            driver.findElement(By.id("bk-create-password-repeat")).sendKeys(password);
        }
        WebElement nameField = driver.findElement(By.id("bk-create-name"));
        nameField.clear();
        nameField.sendKeys(name);
        for (WebElement box : driver.findElements(By.cssSelector("#bk-create-agents input[type=checkbox]"))) {
            if (box.isSelected() != agents.contains(box.getAttribute("value"))) {
                box.click();
            }
        }
        driver.findElement(By.id("bk-create-button")).click();
    }

    /** @return the agents the create form offers */
    Set<String> offeredAgents() {
        return driver.findElements(By.cssSelector("#bk-create-agents input[type=checkbox]")).stream()
                .map(e -> e.getAttribute("value")).collect(Collectors.toSet());
    }

    /** @return the title of the progress box */
    String operationTitle() {
        return text(By.id("bk-operation-title"));
    }

    /** @return the percentage the agent's progress bar shows, or -1 when it has none */
    int percent(String agentId) {
        String percent = read("#bk-operation-agents .bk-agent-progress[data-agent='" + agentId + "'] .bk-bar",
                "data-percent");
        return percent == null ? -1 : Integer.parseInt(percent);
    }

    /** @return the result line of the agent once the operation ended: its outcome, or null */
    String agentOutcome(String agentId) {
        return read(resultLine(agentId), "data-outcome");
    }

    /** @return the text of the agent's result line, or "" */
    String agentResultText(String agentId) {
        String text = read(resultLine(agentId), null);
        return text == null ? "" : text;
    }

    private static String resultLine(String agentId) {
        return "#bk-operation-result .bk-agent-result[data-agent='" + agentId + "']";
    }

    /** @return the overall outcome line of the ended operation: its outcome, or null while it runs */
    String summaryOutcome() {
        return read("#bk-operation-result .bk-summary", "data-outcome");
    }

    /**
     * Reads an element's attribute (or, for null, its text) in one script call: the page redraws its progress box
     * while it polls, so an element found first and read afterwards may be gone (a stale element, seen on CI).
     */
    private String read(String css, String attribute) {
        return (String) ((JavascriptExecutor) driver).executeScript("var e = document.querySelector(arguments[0]);"
                + " if (e === null) { return null; }"
                + " return arguments[1] === null ? e.innerText : e.getAttribute(arguments[1]);", css, attribute);
    }

    /** @return the text of the progress box, for failure messages */
    String progressText() {
        return text(By.id("bk-operation"));
    }

    /** @return the id of the listed backup with this name, or null */
    String idOfBackupNamed(String name) {
        for (WebElement row : driver.findElements(By.cssSelector("#bk-backups tbody tr[data-backup-id]"))) {
            try {
                if (row.findElement(By.className("bk-name")).getText().equals(name)) {
                    return row.getAttribute("data-backup-id");
                }
            } catch (StaleElementReferenceException | NoSuchElementException redrawn) {
                return null;
            }
        }
        return null;
    }

    /** @return the cells of the backup's row: name, created, size, protected, on agents, failed on */
    List<String> backupRow(String backupId) {
        return driver.findElements(By.cssSelector("#bk-backups tr[data-backup-id='" + backupId + "'] td")).stream()
                .map(WebElement::getText).toList();
    }

    /** @return the ids of the backups listed, in the order shown */
    List<String> listedIds() {
        return driver.findElements(By.cssSelector("#bk-backups tbody tr[data-backup-id]")).stream()
                .map(e -> e.getAttribute("data-backup-id")).toList();
    }

    /** Clicks a backup's Download button, picks the agent and confirms. */
    void download(String backupId, String agentId) {
        download(backupId, agentId, null);
    }

    /**
     * Clicks a backup's Download button, picks the agent, types the password when one is given, and confirms.
     *
     * @return whether the dialog offered a password field for that copy
     */
    boolean download(String backupId, String agentId, String password) {
        rowButton(backupId, "bk-download").click();
        WebElement dialog = driver.findElement(By.id("bk-download-dialog"));
        Await.until("the download dialog", TIMEOUT, dialog::isDisplayed, () -> "closed");
        new Select(driver.findElement(By.id("bk-download-agent"))).selectByValue(agentId);
        WebElement field = driver.findElement(By.id("bk-download-password"));
        boolean offered = field.isDisplayed();
        if (password != null) {
            field.sendKeys(password);
        }
        driver.findElement(By.id("bk-download-confirm")).click();
        Await.until("the download dialog to close", TIMEOUT, () -> !dialog.isDisplayed(), () -> "open");
        return offered;
    }

    /** @return what the page's markup holds now, to look for what must never be there */
    String source() {
        return driver.getPageSource();
    }

    /**
     * Clicks a backup's Delete button.
     *
     * @return the question the confirmation asks
     */
    String askToDelete(String backupId) {
        rowButton(backupId, "bk-delete").click();
        WebElement dialog = driver.findElement(By.id("bk-delete-dialog"));
        Await.until("the delete confirmation", TIMEOUT, dialog::isDisplayed, () -> "closed");
        return driver.findElement(By.id("bk-delete-text")).getText();
    }

    /** Answers the open delete confirmation. */
    void answerDelete(boolean confirm) {
        WebElement dialog = driver.findElement(By.id("bk-delete-dialog"));
        dialog.findElement(confirm ? By.id("bk-delete-confirm") : By.className("bk-cancel")).click();
        Await.until("the delete confirmation to close", TIMEOUT, () -> !dialog.isDisplayed(), () -> "open");
    }

    /**
     * Clicks a backup's Restore button.
     *
     * @return the confirmation's text: what will be replaced
     */
    String askToRestore(String backupId) {
        rowButton(backupId, "bk-restore").click();
        WebElement dialog = driver.findElement(By.id("bk-restore-dialog"));
        Await.until("the restore confirmation", TIMEOUT, dialog::isDisplayed, () -> "closed");
        return dialog.getText();
    }

    /** Closes the open restore confirmation without restoring. */
    void cancelRestore() {
        WebElement dialog = driver.findElement(By.id("bk-restore-dialog"));
        dialog.findElement(By.className("bk-cancel")).click();
        Await.until("the restore confirmation to close", TIMEOUT, () -> !dialog.isDisplayed(), () -> "open");
    }

    /**
     * Clicks a backup's Verify button and waits for the result below the buttons.
     *
     * @return the result's lines: one per copy, then one per problem
     */
    List<String> verify(String backupId) {
        rowButton(backupId, "bk-verify").click();
        By result = By.cssSelector("#bk-backups tr[data-backup-id='" + backupId + "'] .bk-verify-result");
        Await.until("the verification of " + backupId, TIMEOUT, () -> !driver.findElements(result).isEmpty()
                && !driver.findElement(result).getText().startsWith("Verifying"), () -> driver.findElements(result)
                        .stream().map(WebElement::getText).toList().toString());
        return driver.findElement(result).getText().lines().toList();
    }

    /**
     * Clicks a backup's Browse button and waits for the first listing.
     *
     * @return the names the browse view lists: the top of the first content
     */
    List<String> browse(String backupId) {
        rowButton(backupId, "bk-browse-button").click();
        WebElement dialog = driver.findElement(By.id("bk-browse-dialog"));
        Await.until("the browse view", TIMEOUT, dialog::isDisplayed, () -> "closed");
        return awaitBrowsed();
    }

    /** Picks a content in the open browse view. @return the names listed at its top */
    List<String> browseContent(String content) {
        new Select(driver.findElement(By.id("bk-browse-content"))).selectByValue(content);
        return awaitBrowsed();
    }

    /** Types a filter into the open browse view and shows it. @return the paths listed */
    List<String> browseFilter(String glob) {
        WebElement field = driver.findElement(By.id("bk-browse-glob"));
        field.clear();
        field.sendKeys(glob);
        driver.findElement(By.id("bk-browse-show")).click();
        return awaitBrowsed();
    }

    /** Clicks Restore beside an entry of the open browse view and accepts the confirmation. */
    String restoreBrowsed(String shown) {
        for (WebElement row : driver.findElements(By.cssSelector("#bk-browse-entries tbody tr"))) {
            if (row.findElement(By.tagName("td")).getText().equals(shown)) {
                row.findElement(By.className("bk-browse-restore")).click();
                var alert = driver.switchTo().alert();
                String question = alert.getText();
                alert.accept();
                return question;
            }
        }
        throw new AssertionError("the browse view lists no " + shown);
    }

    /* Waits until the view shows a listing rather than its "Reading" note. */
    private List<String> awaitBrowsed() {
        Await.until("the browse view to list entries", TIMEOUT,
                () -> !read("#bk-browse-note", null).startsWith("Reading")
                        && !driver.findElements(By.cssSelector("#bk-browse-entries tbody tr")).isEmpty(),
                () -> read("#bk-browse-note", null) + " / errors: " + errors());
        return driver.findElements(By.cssSelector("#bk-browse-entries tbody tr")).stream()
                .map(r -> r.findElement(By.tagName("td")).getText()).toList();
    }

    private WebElement rowButton(String backupId, String buttonClass) {
        return driver.findElement(By.cssSelector("#bk-backups tr[data-backup-id='" + backupId + "'] button."
                + buttonClass));
    }

    /** @return the error lines shown above the page */
    List<String> errors() {
        return driver.findElements(By.cssSelector("#bk-messages .bk-error .bk-message-text")).stream()
                .map(WebElement::getText).toList();
    }

    /** Saves what the browser shows. */
    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    private String text(By by) {
        try {
            return driver.findElement(by).getText();
        } catch (StaleElementReferenceException | NoSuchElementException e) {
            return "";
        }
    }
}
