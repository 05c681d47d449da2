package io.streamcert.chaos.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded fault schedule in the style of Jepsen's combined nemesis: a fault-free warm-up, then
 * fault periods alternating with fault-free periods, then (always) the final heal, a recovery wait
 * and a fault-free drain, after which the final reads run. The same seed and mode give the same
 * schedule.
 *
 * @param seed the seed it was generated from
 * @param quick whether it is the quick (CI) schedule
 * @param periods the periods in order, starting and ending with a fault-free one
 * @param recoveryBudgetMillis how long to wait after the final heal for the target to answer
 * @param drainMillis the fault-free time after recovery, before the workers stop
 */
public record Schedule(long seed, boolean quick, List<Period> periods, long recoveryBudgetMillis, long drainMillis) {

  /** One period: a fault for {@code millis}, or fault-free for {@code millis}. */
  public record Period(boolean fault, long millis) {
    public Period {
      if (millis <= 0) throw new IllegalArgumentException("a period must last a positive time but was " + millis + " ms");
    }
  }

  public Schedule {
    periods = List.copyOf(periods);
    if (periods.isEmpty() || periods.get(0).fault() || periods.get(periods.size() - 1).fault()) {
      throw new IllegalArgumentException("a schedule starts and ends with a fault-free period");
    }
  }

  /**
   * The schedule for {@code seed}: quick has a 2-3 s warm-up and 3 faults of 1.5-3.5 s separated by
   * 2-3.5 s (about 15 s of schedule, well under a minute with restarts and the final read); the
   * full one a 5 s warm-up and 6 faults of 2-8 s separated by 5-10 s.
   */
  public static Schedule generate(long seed, boolean quick) {
    Random rnd = new Random(seed);
    List<Period> periods = new ArrayList<>();
    int faults = quick ? 3 : 6;
    periods.add(new Period(false, quick ? between(rnd, 2000, 3000) : between(rnd, 5000, 6000)));
    for (int i = 0; i < faults; i++) {
      periods.add(new Period(true, quick ? between(rnd, 1500, 3500) : between(rnd, 2000, 8000)));
      periods.add(new Period(false, quick ? between(rnd, 2000, 3500) : between(rnd, 5000, 10000)));
    }
    return new Schedule(seed, quick, periods, quick ? 30_000 : 60_000, quick ? 2000 : 5000);
  }

  /** The number of fault periods. */
  public int faults() {
    int n = 0;
    for (Period p : periods) if (p.fault()) n++;
    return n;
  }

  /** The schedule's own length, without restarts, recovery and final reads. */
  public long plannedMillis() {
    long t = drainMillis;
    for (Period p : periods) t += p.millis();
    return t;
  }

  /** A one-line description, such as {@code calm 2.4s, fault 1.3s, ...}. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    for (Period p : periods) {
      if (b.length() > 0) b.append(", ");
      b.append(p.fault() ? "fault " : "calm ").append(String.format(java.util.Locale.ROOT, "%.1fs", p.millis() / 1000.0));
    }
    b.append(", heal, recovery (at most ").append(recoveryBudgetMillis / 1000).append("s), drain ")
        .append(String.format(java.util.Locale.ROOT, "%.1fs", drainMillis / 1000.0)).append(", final reads");
    return b.toString();
  }

  private static long between(Random rnd, int from, int to) {
    return from + rnd.nextInt(to - from + 1);
  }
}
