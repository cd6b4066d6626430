package kraken.support;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.regex.Pattern;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver: no Selenium Manager, no downloads. The flags are
 * the ones this machine needs (without the background-networking ones Chromium's own connections are refused and
 * it stalls), with a fresh empty profile each time.
 */
public final class HeadlessChromium {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {
  }

  /** Says what is missing and how scripts/test.sh provides it, or null when both are there. */
  public static String missing() {
    List<String> missing = new ArrayList<>();
    if (!Files.isExecutable(CHROMIUM)) {
      missing.add(CHROMIUM + " (Debian package chromium)");
    }
    if (!Files.isExecutable(CHROMEDRIVER)) {
      missing.add(CHROMEDRIVER + " (Debian package chromium-driver)");
    }
    return missing.isEmpty() ? null : "missing " + String.join(" and ", missing)
      + ": run the tests with scripts/test.sh, which installs them (scripts/chromium-local.sh)";
  }

  public static ChromeDriver start(Path profile, int width, int height) throws IOException {
    Files.createDirectories(profile);
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
      .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + "," + height);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
      .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  /**
   * The browser's console messages at SEVERE since the last call, leaving out those that match {@code tolerated}
   * (each caller says which, and why).
   */
  public static List<String> severeConsoleMessages(ChromeDriver driver, Pattern tolerated) {
    List<String> severe = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !tolerated.matcher(entry.getMessage()).find()) {
        severe.add(entry.getMessage());
      }
    }
    return severe;
  }
}
