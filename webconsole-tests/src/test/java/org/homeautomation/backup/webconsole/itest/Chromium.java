package org.homeautomation.backup.webconsole.itest;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven through Debian's chromedriver, both named by their paths: Selenium Manager, which would
 * otherwise look for (and download) a browser and a driver, is skipped when the service names the driver.
 */
final class Chromium {
    private Chromium() {
    }

    /**
     * @param profile a new, empty folder for the browser's profile
     * @param downloads where downloads are saved, without asking
     * @return the browser
     */
    static ChromeDriver start(Path profile, Path downloads) throws java.io.IOException {
        String browser = KarafServer.required("webconsole.itest.chromium");
        String driver = KarafServer.required("webconsole.itest.chromedriver");
        for (String binary : new String[] { browser, driver }) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new IllegalStateException(binary + " is missing; install Debian's chromium and"
                        + " chromium-driver packages (apt-get install -y chromium chromium-driver)");
            }
        }
        Files.createDirectories(profile);
        Files.createDirectories(downloads);
        // Belt and braces: Selenium reads the driver's path from here too before it would ask Selenium Manager.
        System.setProperty("webdriver.chrome.driver", driver);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driver))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--lang=en-US", "--window-size=1400,1250",
                "--user-data-dir=" + profile.toAbsolutePath());
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toAbsolutePath().toString(),
                "download.prompt_for_download", false,
                "download.directory_upgrade", true,
                "safebrowsing.enabled", false));
        return new ChromeDriver(service, options);
    }
}
