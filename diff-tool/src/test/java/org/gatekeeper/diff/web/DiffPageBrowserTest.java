package org.gatekeeper.diff.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.gatekeeper.diff.DiffService;
import org.gatekeeper.diff.OutputDiff;
import org.gatekeeper.diff.PublishedOutputs;
import org.gatekeeper.diff.ChangeKind;
import org.gatekeeper.model.store.BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which {@code .ci/run}
 * installs), over real published PROD and PREPROD outputs: what a release engineer sees, and clicks.
 */
class DiffPageBrowserTest {
    @TempDir
    static Path dataDir;
    static BlobStore store;
    static PublishedOutputs outputs;
    static DiffServer server;
    static WebDriver browser;

    @BeforeAll
    static void start() {
        store = BlobStore.directory(dataDir);
        outputs = new PublishedOutputs(store, 21);
        server = DiffServer.start(store, DiffServer.Settings.loopback(0), Clock.systemUTC());
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        server.close();
        store.close();
    }

    @Test
    void fromTheSummaryToOneVideosDrillDown_showsTheCountsAndAFlippedPair() {
        OutputDiff expected = (OutputDiff) new DiffService(store).diff(
                new DiffService(store).resolve("liveness-prod:" + outputs.prod1()),
                new DiffService(store).resolve("liveness-preprod:latest"));

        browser.get(server.uri() + "/");
        assertThat(browser.findElement(By.id("namespaces")).getText()).contains("liveness-prod")
                .contains("liveness-preprod");
        browser.findElement(By.linkText("PREPROD vs PROD")).click();
        awaitPage(ExpectedConditions.presenceOfElementLocated(By.id("pairing")));

        assertThat(browser.findElement(By.id("pairing")).getText()).contains("PROD version " + outputs.prod1());
        assertThat(browser.findElement(By.id("card-changed-pairs")).getText())
                .startsWith(String.format("%,d", expected.summary().changedPairs()));
        assertThat(browser.findElement(By.id("card-stopped-live")).getText())
                .startsWith(String.format("%,d", expected.summary().byKind().get(ChangeKind.STOPPED_LIVE)));

        // Filter to the pairs that stopped being live, then open the first one's video.
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.name("kind"))).selectByValue("stopped-live");
        browser.findElement(By.cssSelector("#filter button")).click();
        awaitPage(ExpectedConditions.urlContains("kind=stopped-live"));
        awaitPage(ExpectedConditions.presenceOfElementLocated(By.id("matching")));
        assertThat(browser.findElement(By.id("matching")).getText()).startsWith(
                String.format("%,d matching", expected.summary().byKind().get(ChangeKind.STOPPED_LIVE)));
        List<WebElement> rows = browser.findElements(By.cssSelector("#changes tr"));
        String country = rows.get(1).findElements(By.tagName("td")).get(1).getText();
        WebElement link = rows.get(1).findElement(By.className("video-link"));
        String videoId = link.getText();
        link.click();
        awaitPage(ExpectedConditions.titleContains("Video " + videoId));

        assertThat(browser.getTitle()).startsWith("Video " + videoId);
        WebElement flipped = browser.findElement(By.cssSelector("#grid tr[data-country='" + country + "']"));
        assertThat(flipped.getAttribute("class")).contains("changed");
        List<WebElement> cells = flipped.findElements(By.tagName("td"));
        assertThat(cells.get(1).getText()).startsWith("live");
        assertThat(cells.get(2).getText()).startsWith("not live").contains("MISSING_SUBTITLES");
    }

    @Test
    void aTitleHoldingAScript_isShownAsText_andNeverRuns() {
        browser.get(server.uri() + "/video/" + outputs.scriptTitleVideo() + "?from=liveness-prod:"
                + outputs.prod1() + "&to=liveness-preprod:" + outputs.preprod());

        assertThat(browser.findElement(By.id("video-title")).getText())
                .isEqualTo("Title: <script>alert('x')</script>");
        assertNoAlert();
        browser.get(server.uri() + "/why?video=" + outputs.scriptTitleVideo() + "&version=" + outputs.prod1());
        assertThat(browser.findElement(By.id("why-summary")).getText()).startsWith("<script>alert('x')</script>");
        assertThat(browser.findElements(By.cssSelector("#checklist tr[data-country]"))).hasSize(outputs.countries());
        assertNoAlert();
    }

    /** A click starts a navigation; wait for the new page instead of reading the old one or a blank one. */
    private static void awaitPage(ExpectedCondition<?> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(condition);
    }

    private static void assertNoAlert() {
        try {
            browser.switchTo().alert();
            throw new AssertionError("a script from the data ran: an alert is open");
        } catch (NoAlertPresentException expected) {
            // the payload stayed text
        }
    }
}
