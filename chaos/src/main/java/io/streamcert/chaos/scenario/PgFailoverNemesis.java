package io.streamcert.chaos.scenario;

import io.streamcert.infra.pg.PgCluster;
import io.streamcert.infra.pg.PgFixtureException;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Fails the target's PostgreSQL over: replication to the replica stalls for a moment while the
 * primary runs on (with a synchronous replica no commit is acknowledged meanwhile; with an
 * asynchronous one commits are acknowledged that only the primary holds, and the stall lasts until
 * the probe has had at least one such commit acknowledged), then the primary is killed with SIGKILL
 * and the replica promoted. The heal makes a new replica of the new primary,
 * so that the next fault can fail over again.
 *
 * <p>A {@link PgProbe} commits rows through the cluster's multi-host URL during the whole run; the
 * nemesis reports the write outage of each failover (last acknowledgement by the old primary to
 * the first by the new one) and, as findings that fail the run, every acknowledged commit the
 * failovers lost.
 */
final class PgFailoverNemesis implements Nemesis {

  /** How long replication stalls before each kill. */
  static final Duration STALL = Duration.ofMillis(400);

  /** With an asynchronous replica, the longest the stall waits for a commit acknowledged by the primary alone. */
  static final Duration MAX_ASYNC_STALL = Duration.ofSeconds(5);

  private final PgCluster cluster;
  private final Duration stall;
  private final PgProbe probe;
  private final List<PgCluster.Failover> failovers = new ArrayList<>();
  private boolean active;
  private Verdict verdict;

  PgFailoverNemesis(PgCluster cluster, Duration stall) throws IOException {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    if (cluster.replication() == PgCluster.Replication.NONE) {
      throw new IOException("the pg-failover scenario needs a PostgreSQL primary with a replica, but "
          + cluster.describe() + " has none");
    }
    this.stall = stall;
    this.probe = new PgProbe(cluster);
    try {
      probe.start();
    } catch (SQLException e) {
      throw new IOException("cannot start the PostgreSQL probe on " + cluster.describe() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String fault() {
    return "pg-failover";
  }

  @Override
  public String start() throws Exception {
    active = true; // from here on the cluster may be changed, so heal() must restore it
    if (!stall.isZero()) {
      java.time.Instant stalledAt = cluster.stallReplication();
      Thread.sleep(stall.toMillis());
      if (cluster.replication() == PgCluster.Replication.ASYNCHRONOUS) {
        // The asynchronous variant exists to show that loss is reported: keep the replica behind until
        // the primary alone has acknowledged a commit sent after the stall began (bounded, in case
        // PostgreSQL stops answering).
        long until = System.nanoTime() + MAX_ASYNC_STALL.toNanos();
        while (!probe.acknowledgedSentAfter(stalledAt) && System.nanoTime() - until < 0) Thread.sleep(10);
      }
    }
    PgCluster.Failover f = cluster.failover(PgCluster.Kill.SIGKILL);
    failovers.add(f);
    return String.format(Locale.ROOT, "SIGKILL PostgreSQL primary :%d (pid %d)%s, promoted :%d in %d ms",
        f.oldPrimaryPort(), f.killedPid(),
        stall.isZero() ? "" : " after a " + stall.toMillis() + " ms replication stall",
        f.newPrimaryPort(), f.promotion().toMillis());
  }

  /** Restores a primary with a streaming replica, also after a failover that failed halfway. */
  @Override
  public void heal() throws PgFixtureException {
    cluster.restore();
    active = false;
  }

  @Override
  public List<String> findings() {
    Verdict v = verdict();
    List<String> out = new ArrayList<>();
    if (v.error != null) {
      out.add("the PostgreSQL probe could not check its acknowledged commits: " + v.error);
    } else if (!v.lost.isEmpty()) {
      out.add(v.lost.size() + " PostgreSQL commit(s) acknowledged to the probe were lost by the failover(s) ("
          + cluster.replication().name().toLowerCase(Locale.ROOT) + " replication): probe rows " + abbreviate(v.lost));
    }
    return out;
  }

  @Override
  public Map<String, Double> figures() {
    Verdict v = verdict();
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("pg_failovers", (double) failovers.size());
    long promotion = failovers.stream().mapToLong(f -> f.promotion().toMillis()).max().orElse(-1);
    if (promotion >= 0) m.put("pg_promotion_ms_max", (double) promotion);
    long outage = -1;
    for (PgCluster.Failover f : failovers) {
      Optional<Duration> d = probe.writeOutage(f);
      if (d.isPresent()) outage = Math.max(outage, d.get().toMillis());
    }
    if (outage >= 0) m.put("pg_write_unavailability_ms_max", (double) outage);
    m.put("pg_probe_acknowledged", (double) probe.acks().size());
    if (v.error == null) m.put("pg_probe_lost", (double) v.lost.size());
    return m;
  }

  /** The probe's acknowledged commits so far. */
  List<PgProbe.Ack> probeAcknowledged() {
    return probe.acks();
  }

  /** The probe's acknowledged commits missing after the failovers; stops the probe. */
  List<Long> lostCommits() {
    return verdict().lost;
  }

  /** The failovers so far. */
  List<PgCluster.Failover> failovers() {
    return List.copyOf(failovers);
  }

  /** How many commits the probe has had acknowledged so far. */
  int probeAcks() {
    return probe.acks().size();
  }

  @Override
  public void close() {
    try {
      probe.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Verdict verdict() {
    if (verdict != null) return verdict;
    try {
      probe.stop();
      verdict = new Verdict(probe.lost(), null);
    } catch (SQLException e) {
      verdict = new Verdict(List.of(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      verdict = new Verdict(List.of(), "interrupted");
    }
    return verdict;
  }

  private record Verdict(List<Long> lost, String error) {}

  private static String abbreviate(List<Long> seqs) {
    if (seqs.size() <= 12) return seqs.toString();
    return seqs.subList(0, 12) + " and " + (seqs.size() - 12) + " more";
  }
}
