package io.streamcert.cli;

import io.streamcert.fixtures.LaunchedTarget;
import io.streamcert.reports.scorecard.Category;
import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Measurement;
import io.streamcert.reports.scorecard.Risk;
import io.streamcert.reports.scorecard.Status;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Black-box probes of what an operator needs from a server beyond the protocol. Observability (any
 * target): a health endpoint that answers 2xx, a {@code /metrics} page in the Prometheus text format
 * whose samples move with traffic, and error answers that explain themselves. Operability (only a
 * target streamcert launched): how long it took to become ready, and whether it stops on its stop
 * signal within its stop timeout instead of being killed.
 */
final class ProbeChecks {

  /** The longest startup (launch to ready) that passes. */
  static final double MAX_STARTUP_SECONDS = 30;
  /** Appends the metrics probe makes between its two scrapes. */
  static final int TRAFFIC_APPENDS = 20;

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*\\s*=\\s*\"(?:\\\\.|[^\"\\\\])*\"";
  private static final String LABELS = "\\{\\s*(?:" + LABEL + "\\s*(?:,\\s*" + LABEL + "\\s*)*,?\\s*)?\\}";
  private static final String VALUE = "[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]?Inf|NaN";
  /** One Prometheus text-format sample line: name, optional labels, value, optional timestamp. */
  static final Pattern SAMPLE = Pattern.compile(
      "(" + NAME + ")\\s*(" + LABELS + ")?\\s+(" + VALUE + ")(?:\\s+-?\\d+)?\\s*");

  private ProbeChecks() {}

  /**
   * The three observability checks of the target at {@code origin}; {@code healthPath} is the path
   * that answers health (such as {@code /health}), {@code streamPath} where streams live (such as
   * {@code /v1/stream/}). Creates one stream for its traffic and deletes it again.
   */
  static List<Check> observability(URI origin, String healthPath, String streamPath) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
    String base = origin.toString().replaceAll("/+$", "");
    List<Check> checks = new ArrayList<>();
    Answer healthAnswer = send(http, "GET", base + healthPath, null);
    checks.add(health(base + healthPath, healthAnswer));
    if (healthAnswer.problem != null) {
      // A target that does not answer at all would make every further probe wait for its timeout.
      String why = "not probed: GET " + base + healthPath + " " + healthAnswer.problem
          + "; start the target or check its address";
      checks.add(Check.builder("observability.metrics-endpoint", "GET /metrics serves Prometheus text whose samples move with traffic")
          .category(Category.OBSERVABILITY).area("Observability").risk(Risk.LOW).status(Status.FAIL).score(0.0).message(why).build());
      checks.add(Check.builder("observability.errors-explained", "error answers carry a body that explains them")
          .category(Category.OBSERVABILITY).area("Observability").risk(Risk.LOW).status(Status.FAIL).score(0.0).message(why).build());
      return checks;
    }

    String metricsUrl = base + "/metrics";
    Check.Builder metrics = Check.builder("observability.metrics-endpoint",
            "GET /metrics serves Prometheus text whose samples move with traffic")
        .category(Category.OBSERVABILITY).area("Observability").risk(Risk.LOW);
    Scrape before = scrape(http, metricsUrl);
    String stream = base + streamPath + "streamcert-probe-" + UUID.randomUUID();
    String traffic = traffic(http, stream);
    Scrape after = before.problem == null ? scrape(http, metricsUrl) : before;
    if (before.problem != null || after.problem != null) {
      fail(metrics, (before.problem != null ? before.problem : after.problem)
          + "; serve the Prometheus text exposition format (lines of 'name{label=\"v\"} value') at /metrics");
    } else if (traffic != null) {
      fail(metrics, "/metrics parses (" + before.samples.size() + " samples), but the probe could not make traffic to see"
          + " them move: " + traffic);
    } else {
      List<String> moved = new ArrayList<>();
      after.samples.forEach((k, v) -> {
        String old = before.samples.get(k);
        if (old == null || !sameValue(old, v)) moved.add(k + " " + (old == null ? "(new)" : old) + " -> " + v);
      });
      if (moved.isEmpty()) {
        fail(metrics, "GET " + metricsUrl + " answered " + after.samples.size() + " samples, but none changed after"
            + " creating a stream, " + TRAFFIC_APPENDS + " appends and a read; count requests, appends or bytes"
            + " so that /metrics shows what the server does");
      } else {
        metrics.status(Status.PASS).score(10.0).message("GET " + metricsUrl + " answered " + after.samples.size()
            + " samples in Prometheus text; after " + TRAFFIC_APPENDS + " appends " + moved.size() + " moved, such as "
            + moved.get(0));
      }
    }
    checks.add(metrics.build());
    checks.add(errors(http, stream, traffic == null));
    send(http, "DELETE", stream, null);
    return checks;
  }

  private static Check health(String url, Answer a) {
    Check.Builder b = Check.builder("observability.health-endpoint", "the health endpoint answers 2xx")
        .category(Category.OBSERVABILITY).area("Observability").risk(Risk.MEDIUM);
    if (a.problem != null) {
      fail(b, "GET " + url + " " + a.problem + "; serve a health endpoint that answers 200 when the server is up");
    } else if (a.status / 100 != 2) {
      fail(b, "GET " + url + " answered " + a.status + "; serve a health endpoint there (the descriptor's"
          + " launch.ready.http-get, else /health) that answers 2xx when the server is up");
    } else {
      b.status(Status.PASS).score(10.0).message("GET " + url + " answered " + a.status);
    }
    return b.build();
  }

  /** Creates {@code stream}, appends to it and reads it; null when that worked, else what went wrong. */
  private static String traffic(HttpClient http, String stream) {
    Answer created = send(http, "PUT", stream, new byte[0]);
    if (created.problem != null || created.status / 100 != 2) return "PUT " + stream + " " + created.describe();
    for (int i = 0; i < TRAFFIC_APPENDS; i++) {
      Answer a = send(http, "POST", stream, ("probe " + i + "\n").getBytes(StandardCharsets.UTF_8));
      if (a.problem != null || a.status / 100 != 2) return "POST " + stream + " " + a.describe();
    }
    Answer read = send(http, "GET", stream + "?offset=-1", null);
    if (read.problem != null || read.status / 100 != 2) return "GET " + stream + "?offset=-1 " + read.describe();
    return null;
  }

  private static Check errors(HttpClient http, String stream, boolean streamExists) {
    Check.Builder b = Check.builder("observability.errors-explained", "error answers carry a body that explains them")
        .category(Category.OBSERVABILITY).area("Observability").risk(Risk.LOW);
    List<String> seen = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    String missing = stream + "-missing";
    Answer a = send(http, "POST", missing, "x".getBytes(StandardCharsets.UTF_8));
    judgeError("POST " + missing + " (no such stream)", a, seen, bad);
    if (streamExists) {
      String url = stream + "?offset=not-an-offset";
      judgeError("GET " + url + " (malformed offset)", send(http, "GET", url, null), seen, bad);
    }
    if (seen.isEmpty() && bad.isEmpty()) {
      b.status(Status.INCONCLUSIVE).message("no probe got an error answer to judge");
    } else if (!bad.isEmpty()) {
      fail(b, String.join("; ", bad) + "; put a short text saying what was wrong and how to fix it in the body of"
          + " every 4xx and 5xx answer");
    } else {
      b.status(Status.PASS).score(10.0).message(String.join("; ", seen));
    }
    return b.build();
  }

  private static void judgeError(String what, Answer a, List<String> seen, List<String> bad) {
    if (a.problem != null) {
      bad.add(what + " " + a.problem);
    } else if (a.status < 400) {
      bad.add(what + " answered " + a.status + " instead of an error");
    } else if (a.body.isBlank()) {
      bad.add(what + " answered " + a.status + " with an empty body");
    } else {
      String first = a.body.strip().lines().findFirst().orElse("");
      seen.add(what + " answered " + a.status + ": " + (first.length() > 120 ? first.substring(0, 120) + " ..." : first));
    }
  }

  /**
   * The two operability checks of a target streamcert launched, which took {@code startup} from
   * launch to ready. Stops the target (so call it last): graceful-stop judges that stop, with the
   * target's log as evidence when it lies in {@code runDir}.
   */
  static List<Check> operability(LaunchedTarget target, Duration startup, java.nio.file.Path runDir) {
    Check.Builder start = Check.builder("operability.startup-time",
            "the target is ready within " + (long) MAX_STARTUP_SECONDS + " s of its launch")
        .category(Category.OPERABILITY).area("Operability").risk(Risk.MEDIUM);
    double seconds = startup.toMillis() / 1000.0;
    boolean fast = seconds <= MAX_STARTUP_SECONDS;
    start.status(fast ? Status.PASS : Status.FAIL).score(fast ? 10.0 : Math.min(10.0, 10.0 * MAX_STARTUP_SECONDS / seconds))
        .measurement(Measurement.atMost(seconds, MAX_STARTUP_SECONDS, "s"))
        .message(String.format(Locale.ROOT, "ready %.1f s after launch (GET %s answered %d)", seconds,
            target.descriptor().launch().ready().httpGet(), target.descriptor().launch().ready().status())
            + (fast ? "" : "; a restart keeps clients waiting that long: defer warm-up work until after the server listens"));

    Check.Builder stop = Check.builder("operability.graceful-stop",
            "the target exits on its stop signal within its stop timeout")
        .category(Category.OPERABILITY).area("Operability").risk(Risk.HIGH);
    java.nio.file.Path log = target.logFile().toAbsolutePath().normalize();
    java.nio.file.Path run = runDir.toAbsolutePath().normalize();
    if (log.startsWith(run) && !log.equals(run)) stop.evidence(run.relativize(log).toString().replace('\\', '/'));
    target.stop();
    var outcome = target.lastStop();
    if (outcome.isEmpty()) {
      stop.status(Status.INCONCLUSIVE).message("the target was not running when certify stopped it (see "
          + target.logFile() + "), so its stop could not be observed");
    } else {
      LaunchedTarget.StopOutcome o = outcome.get();
      int signalled = 128 + ("SIGINT".equals(o.signal()) ? 2 : 15);
      String timeout = DurationText.format(o.stopTimeout());
      if (!o.exitedOnSignal()) {
        fail(stop, "still running " + timeout + " after " + o.signal() + " and killed with SIGKILL; handle "
            + o.signal() + ": stop accepting requests, flush and exit within launch.stop-timeout");
      } else if (o.exitCode() != 0 && o.exitCode() != signalled) {
        fail(stop, "exited " + o.took().toMillis() + " ms after " + o.signal() + " but with code " + o.exitCode()
            + " (expected 0 or " + signalled + "); a clean shutdown should not report a failure");
      } else {
        stop.status(Status.PASS).score(10.0).message("exited " + o.took().toMillis() + " ms after " + o.signal()
            + " with code " + o.exitCode() + " (stop timeout " + timeout + ")");
      }
    }
    return List.of(start.build(), stop.build());
  }

  /** The operability checks of a target streamcert did not launch: not applicable, saying why. */
  static List<Check> operabilityNotApplicable() {
    String why = "streamcert did not launch this target (--target URL), so it cannot time its start or send it a stop"
        + " signal; use --target-descriptor to judge operability";
    return List.of(
        Check.builder("operability.startup-time", "the target is ready within " + (long) MAX_STARTUP_SECONDS + " s of its launch")
            .category(Category.OPERABILITY).area("Operability").risk(Risk.MEDIUM).status(Status.NOT_APPLICABLE).message(why).build(),
        Check.builder("operability.graceful-stop", "the target exits on its stop signal within its stop timeout")
            .category(Category.OPERABILITY).area("Operability").risk(Risk.HIGH).status(Status.NOT_APPLICABLE).message(why).build());
  }

  /** Samples of one scrape by series (name and labels as written), or what was wrong with it. */
  record Scrape(Map<String, String> samples, String problem) {}

  /** Parses a Prometheus text page; a problem names the first line that is not a sample. */
  static Scrape parse(String text) {
    Map<String, String> samples = new LinkedHashMap<>();
    int n = 0;
    for (String line : text.split("\n", -1)) {
      n++;
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) continue;
      Matcher m = SAMPLE.matcher(l);
      if (!m.matches()) {
        return new Scrape(Map.of(), "line " + n + " is not a Prometheus sample ('name{labels} value'): '"
            + (l.length() > 100 ? l.substring(0, 100) + " ..." : l) + "'");
      }
      samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2).replaceAll("\\s", "")), m.group(3));
    }
    if (samples.isEmpty()) return new Scrape(samples, "it has no samples");
    return new Scrape(samples, null);
  }

  private static Scrape scrape(HttpClient http, String url) {
    Answer a = send(http, "GET", url, null);
    if (a.problem != null) return new Scrape(Map.of(), "GET " + url + " " + a.problem);
    if (a.status != 200) return new Scrape(Map.of(), "GET " + url + " answered " + a.status);
    Scrape s = parse(a.body);
    return s.problem == null ? s : new Scrape(Map.of(), "GET " + url + " answered 200 but " + s.problem);
  }

  private static boolean sameValue(String a, String b) {
    if (a.equals(b)) return true;
    try {
      return Double.compare(Double.parseDouble(a.replace("Inf", "Infinity")), Double.parseDouble(b.replace("Inf", "Infinity"))) == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static void fail(Check.Builder b, String message) {
    b.status(Status.FAIL).score(0.0).message(message);
  }

  /** One HTTP answer, or the problem that kept it from coming. */
  record Answer(int status, String body, String problem) {
    String describe() {
      return problem != null ? problem : "answered " + status + (body.isBlank() ? "" : ": " + body.strip().lines().findFirst().orElse(""));
    }
  }

  private static Answer send(HttpClient http, String method, String url, byte[] body) {
    try {
      HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      if (body != null) r.header("Content-Type", "text/plain");
      HttpResponse<String> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(resp.statusCode(), resp.body() == null ? "" : resp.body(), null);
    } catch (IOException e) {
      return new Answer(0, "", "got no answer within " + TIMEOUT.toSeconds() + " s (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, "", "was interrupted");
    } catch (IllegalArgumentException e) {
      return new Answer(0, "", "is not a valid URL (" + e.getMessage() + ")");
    }
  }
}
