package dev.bazaar.launcher;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The storefront open in its own headless Chromium, driven through ChromeDriver: what a person does on the page
 * (sign in, search, fill the cart, pay) and what they would see, read through the ids and data-testid attributes
 * the page keeps for this. Every wait is an explicit condition with a deadline, never a sleep.
 */
final class StorefrontPage implements AutoCloseable {

  /**
   * Selenium looks for DevTools bindings matching this Chromium at every start and warns when it has none; these
   * tests speak only WebDriver and need none. Held here because java.util.logging keeps its loggers weakly.
   */
  private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  static {
    CDP_VERSION_FINDER.setLevel(Level.SEVERE);
  }

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final ChromeDriver driver;
  private final Path profile;
  private final List<LogEntry> console = new ArrayList<>();

  private StorefrontPage(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** A fresh browser (its own empty profile) on the storefront at {@code http://localhost:port/}. */
  static StorefrontPage open(int port) throws IOException {
    Path profile = Files.createTempDirectory("storefront-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // Without the background-networking flags Chromium keeps calling Google's hosts, which this closed network
    // refuses many at a time; the rest keep a test browser quiet and alike on every run.
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--user-data-dir=" + profile, "--window-size=1280,1200", "--lang=en-US");
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    ChromeDriverService service = new ChromeDriverService.Builder()
      .usingDriverExecutable(CHROMEDRIVER.toFile())
      .usingAnyFreePort()
      .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    StorefrontPage page = new StorefrontPage(driver, profile);
    driver.get("http://localhost:" + port + "/");
    return page;
  }

  // -- what a person does

  void signIn(String token) {
    WebElement field = byId("token-input");
    field.clear();
    field.sendKeys(token);
    byId("signin").click();
    await("signed in", page -> byId("signed-in").isDisplayed());
  }

  void search(String query) {
    WebElement field = byId("search-q");
    field.clear();
    field.sendKeys(query, Keys.ENTER);
  }

  /** Adds the first product the page shows to the cart. */
  void addFirstProductToCart() {
    await("an Add to cart button that can be pressed",
      page -> driver.findElement(By.cssSelector("[data-testid=product] [data-testid=add-to-cart]")).isEnabled());
    driver.findElement(By.cssSelector("[data-testid=product] [data-testid=add-to-cart]")).click();
    await("a line in the cart", page -> !driver.findElements(By.cssSelector("[data-testid=cart-line]")).isEmpty());
  }

  void shipTo(String name, String line1, String city, String postalCode, String country) {
    type("ship-name", name);
    type("ship-line1", line1);
    type("ship-city", city);
    type("ship-postal", postalCode);
    type("ship-country", country);
  }

  void payWithCard(String number) {
    type("card-number", number);
  }

  void placeOrder() {
    byId("place-order").click();
  }

  // -- what a person sees

  /** Waits for the answer to the order and returns how it ended: "placed" or "problem". */
  String awaitCheckoutOutcome() {
    return await("the answer to the order", page -> {
      String outcome = byId("checkout-result").getDomAttribute("data-outcome");
      return "placed".equals(outcome) || "problem".equals(outcome) ? outcome : null;
    });
  }

  String placedOrderId() {
    return byId("checkout-result").getDomAttribute("data-order-id");
  }

  String problem() {
    WebElement problem = byId("problem");
    return problem.isDisplayed() ? problem.getText() : "";
  }

  /** What the panels say about live updates the bridge refused, one line each. */
  String liveRefusals() {
    return driver.findElements(By.cssSelector("[data-testid=live-refused]")).stream()
      .filter(WebElement::isDisplayed).map(WebElement::getText).collect(java.util.stream.Collectors.joining(" / "));
  }

  String connectionState() {
    return byId("connection").getDomAttribute("data-state");
  }

  void awaitLiveUpdates() {
    await("live updates connected", page -> "open".equals(connectionState()));
  }

  /** The names of the products listed, once the summary line says what {@code summaryStart} says. */
  List<String> awaitResults(String summaryStart) {
    await("results: " + summaryStart, page -> byId("results-summary").getText().startsWith(summaryStart));
    return driver.findElements(By.cssSelector("[data-testid=product] [data-testid=product-name]")).stream()
      .map(WebElement::getText).toList();
  }

  String text(String id) {
    return byId(id).getText();
  }

  boolean isShown(String id) {
    return byId(id).isDisplayed();
  }

  /**
   * Waits until a row of the table {@code tableId} shows an order in {@code status} that arrived live, as an event
   * over the event bus bridge (not only as the answer to the POST), and returns the row's order id. With
   * {@code orderId} null, any order's row will do.
   */
  String awaitLiveOrderStatus(String tableId, String orderId, String status) {
    String rows = "#" + tableId + " tr[data-order-id]" + (orderId == null ? "" : "[data-order-id='" + orderId + "']");
    return await("an order " + (orderId == null ? "" : orderId + " ") + "in " + tableId + " live in " + status, page -> {
      for (WebElement row : driver.findElements(By.cssSelector(rows))) {
        WebElement cell = row.findElement(By.cssSelector("[data-testid=order-status]"));
        if (status.equals(row.getDomAttribute("data-live-status")) && status.equals(cell.getDomAttribute("data-status"))
          && cell.getText().startsWith(inWords(status))) {
          return row.getDomAttribute("data-order-id");
        }
      }
      return null;
    });
  }

  /** How the page writes a status: PAYMENT_DECLINED as "Payment declined". */
  static String inWords(String status) {
    String words = status.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /** Leaves a mark in the page's window: it is gone after any reload or navigation. */
  void markWindow() {
    script("window.storefrontTestMark = 'not reloaded';");
  }

  boolean windowStillMarked() {
    return "not reloaded".equals(script("return window.storefrontTestMark;"));
  }

  /** Every console message at level SEVERE so far: failed loads, CSP refusals, uncaught exceptions. */
  List<String> consoleErrors() {
    console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
    return console.stream().filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
      .map(LogEntry::getMessage).toList();
  }

  /** A picture of the whole page, not only of the window: the window is stretched to the page's height for it. */
  void screenshot(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    await("no animation running", page -> (Boolean) script("return document.getAnimations().length === 0;"));
    Dimension window = driver.manage().window().getSize();
    // the window's height is the page's plus what the browser itself takes (outer less inner height)
    Number height = (Number) script(
      "return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight;");
    driver.manage().window().setSize(new Dimension(window.getWidth(), Math.max(window.getHeight(), height.intValue())));
    try {
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } finally {
      driver.manage().window().setSize(window);
    }
  }

  // -- machinery

  private WebElement byId(String id) {
    return driver.findElement(By.id(id));
  }

  private Object script(String javascript) {
    return ((JavascriptExecutor) driver).executeScript(javascript);
  }

  private void type(String id, String text) {
    WebElement field = byId(id);
    field.clear();
    field.sendKeys(text);
  }

  /**
   * Waits until {@code condition} answers something other than null or false. On a timeout the message says what
   * was awaited and what the page showed then: its live-update state, its status line and any problem.
   */
  private <T> T await(String what, Function<StorefrontPage, T> condition) {
    return new WebDriverWait(driver, WAIT)
      .ignoring(StaleElementReferenceException.class)
      .withMessage(() -> "waiting for " + what + "; the page shows: connection=" + safely(this::connectionState)
        + ", status='" + safely(() -> text("status")) + "', problem='" + safely(this::problem)
        + "', refused live updates='" + safely(this::liveRefusals) + "'")
      .until(browser -> condition.apply(this));
  }

  private static String safely(java.util.function.Supplier<String> read) {
    try {
      return read.get();
    } catch (RuntimeException unreadable) {
      return "?";
    }
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }
}
