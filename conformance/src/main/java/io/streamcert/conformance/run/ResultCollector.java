package io.streamcert.conformance.run;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.TargetExtension;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/** Turns JUnit executions of check methods into {@link CheckResult}s, in the order they finish. */
final class ResultCollector implements TestExecutionListener {

  private final Consumer<CheckResult> progress;
  private final List<CheckResult> results = new ArrayList<>();
  private final Map<String, Long> started = new ConcurrentHashMap<>();
  private final Map<String, List<String>> evidence = new ConcurrentHashMap<>();
  private TestPlan plan;

  ResultCollector(Consumer<CheckResult> progress) {
    this.progress = progress;
  }

  synchronized List<CheckResult> results() {
    return List.copyOf(results);
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    this.plan = testPlan;
  }

  @Override
  public void executionStarted(TestIdentifier id) {
    started.put(id.getUniqueId(), System.nanoTime());
  }

  @Override
  public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
    entry.getKeyValuePairs().forEach((k, v) -> {
      if (k.startsWith(TargetExtension.EVIDENCE_KEY)) {
        evidence.computeIfAbsent(id.getUniqueId(), x -> new ArrayList<>()).add(v);
      }
    });
  }

  @Override
  public void executionSkipped(TestIdentifier id, String reason) {
    if (id.isTest()) {
      if (reason != null && reason.startsWith("filtered:")) return;
      boolean na = reason != null && reason.startsWith(TargetExtension.NOT_APPLICABLE);
      record(id, na ? CheckStatus.NOT_APPLICABLE : CheckStatus.SKIP, 0, reason);
    } else if (id.getSource().orElse(null) instanceof MethodSource ms && isCheck(ms)) {
      // A skipped parameterized check has no invocations; it is reported once, under its own id.
      boolean na = reason != null && reason.startsWith(TargetExtension.NOT_APPLICABLE);
      if (reason != null && reason.startsWith("filtered:")) return;
      record(id, na ? CheckStatus.NOT_APPLICABLE : CheckStatus.SKIP, 0, reason);
    } else if (plan != null) {
      // A skipped container (a whole class not applicable) skips all its checks.
      for (TestIdentifier child : plan.getDescendants(id)) {
        if (child.isTest()) executionSkipped(child, reason);
      }
    }
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (!id.isTest()) return;
    Long t0 = started.remove(id.getUniqueId());
    long millis = t0 == null ? 0 : (System.nanoTime() - t0) / 1_000_000;
    switch (result.getStatus()) {
      case SUCCESSFUL -> record(id, CheckStatus.PASS, millis, null);
      case ABORTED -> record(id, CheckStatus.SKIP, millis, message(result));
      case FAILED -> record(id, CheckStatus.FAIL, millis, message(result));
    }
  }

  private static String message(TestExecutionResult result) {
    return result.getThrowable().map(t -> {
      String m = t.getMessage();
      String name = t.getClass().getSimpleName();
      if (t instanceof java.util.concurrent.TimeoutException || name.contains("Timeout")) {
        return "the check did not finish in time (the server hung or answered too slowly): " + m;
      }
      return m == null ? name : m;
    }).orElse(null);
  }

  private void record(TestIdentifier id, CheckStatus status, long millis, String message) {
    Optional<TestSource> source = id.getSource();
    if (source.isEmpty() || !(source.get() instanceof MethodSource ms)) return;
    Method method;
    Class<?> type;
    try {
      type = ms.getJavaClass();
      method = ms.getJavaMethod();
    } catch (RuntimeException e) {
      return;
    }
    Check check = method.getAnnotation(Check.class);
    if (check == null) return;
    Area area = type.getAnnotation(Area.class);
    boolean invocation = id.getUniqueId().contains("-invocation:");
    String suffix = invocation ? "[" + invocationIndex(id.getUniqueId()) + "]" : "";
    String title = invocation ? method.getName() + " " + id.getDisplayName() : id.getDisplayName();
    CheckResult r = new CheckResult(
        check.id() + suffix,
        area == null ? type.getSimpleName() : area.value(),
        humanize(title),
        Arrays.asList(check.requirements()),
        check.feature().label(),
        status,
        millis,
        message,
        evidence.getOrDefault(id.getUniqueId(), List.of()));
    synchronized (this) {
      results.add(r);
    }
    progress.accept(r);
  }

  private static boolean isCheck(MethodSource ms) {
    try {
      return ms.getJavaMethod().isAnnotationPresent(Check.class);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String invocationIndex(String uniqueId) {
    int i = uniqueId.lastIndexOf("-invocation:#");
    int end = uniqueId.indexOf(']', i);
    return i < 0 || end < 0 ? "?" : uniqueId.substring(i + 13, end);
  }

  /** Turns a method name like {@code createAnswers201()} into words: "create answers 201". */
  static String humanize(String name) {
    String n = name.endsWith("()") ? name.substring(0, name.length() - 2) : name;
    StringBuilder sb = new StringBuilder(n.length() + 8);
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && n.charAt(i - 1) != ' ') {
        sb.append(' ').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
