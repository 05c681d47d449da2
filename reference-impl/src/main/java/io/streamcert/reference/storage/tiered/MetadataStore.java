package io.streamcert.reference.storage.tiered;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.streamcert.reference.storage.RecoveredStream.ProducerPosition;
import io.streamcert.reference.storage.StreamDescriptor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stream metadata, the segment index and producer state in PostgreSQL, through HikariCP and a
 * PgJDBC URL that may name several hosts ({@code targetServerType=primary} finds the writable one
 * after a failover). Every call goes through the PostgreSQL circuit breaker and is retried with
 * backoff; the schema is created at start and creating it again is harmless.
 */
final class MetadataStore implements AutoCloseable {

  /** A segment as the index records it. */
  record SegmentRow(long streamId, long segmentId, long start, long end, String key, String sha256, long size, int records) {}

  /** A stream's state at the end of its last indexed segment. */
  record Checkpoint(long position, long segmentId, boolean closed, ProducerPosition closedBy, String lastStreamSeq,
      Map<String, ProducerPosition> producers) {}

  /** A stream as PostgreSQL holds it. */
  record StreamRow(StreamDescriptor descriptor, long startPosition, boolean softDeleted, Checkpoint checkpoint,
      List<SegmentRow> segments) {}

  private static final long SCHEMA_LOCK = 0x5354524d43455254L; // "STRMCERT"

  private final HikariDataSource pool;
  private final String url;
  private final CircuitBreaker breaker;
  private final Backoff backoff = new Backoff(25, 1000, 1);
  private final int maxAttempts;
  private final TieredMetrics metrics;

  MetadataStore(TieredSettings s, CircuitBreaker breaker, TieredMetrics metrics) {
    this.url = jdbcUrl(s.pgUrl());
    this.breaker = breaker;
    this.metrics = metrics;
    this.maxAttempts = s.maxAttempts();
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    c.setUsername(s.pgUser());
    String password = s.pgPassword() != null ? s.pgPassword() : System.getenv("PGPASSWORD");
    if (password != null) c.setPassword(password);
    c.setPoolName("streamcert-tiered-pg");
    c.setMaximumPoolSize(6);
    c.setMinimumIdle(1);
    c.setConnectionTimeout(2000);
    c.setValidationTimeout(1000);
    c.setInitializationFailTimeout(-1);
    c.setAutoCommit(true);
    this.pool = new HikariDataSource(c);
  }

  /** Adds {@code targetServerType=primary} and short timeouts to a URL that lacks them. */
  static String jdbcUrl(String given) {
    StringBuilder u = new StringBuilder(given);
    String[][] params = {
        {"targetServerType", "primary"}, {"connectTimeout", "2"}, {"socketTimeout", "5"}, {"loginTimeout", "3"},
        {"hostRecheckSeconds", "1"}};
    for (String[] p : params) {
      if (!given.contains(p[0] + "=")) u.append(u.indexOf("?") >= 0 ? '&' : '?').append(p[0]).append('=').append(p[1]);
    }
    return u.toString();
  }

  String url() {
    return url;
  }

  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs one transaction, retried up to {@code attempts} times (connection failures, a failover).
   *
   * @throws DependencyException when the breaker is open or every attempt failed
   */
  <T> T tx(String what, int attempts, Work<T> work) throws DependencyException {
    String last = null;
    for (int attempt = 1; ; attempt++) {
      if (!breaker.tryAcquire()) {
        metrics.inc("pg_breaker_refused_total");
        throw new DependencyException(DependencyException.Reason.UNAVAILABLE,
            "PostgreSQL is unavailable (circuit breaker " + breaker.state() + "; last failure: " + breaker.lastFailure() + ")",
            Math.max(100, breaker.millisUntilTrial()), null);
      }
      metrics.inc("pg_transactions_total");
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          breaker.onSuccess();
          return result;
        } catch (SQLException e) {
          try {
            c.rollback();
          } catch (SQLException ignored) {
            // the connection is broken; the pool drops it
          }
          throw e;
        }
      } catch (SQLException e) {
        last = "PostgreSQL " + what + " failed: " + e.getMessage() + (e.getSQLState() == null ? "" : " [" + e.getSQLState() + "]");
        breaker.onFailure(last);
        metrics.inc("pg_failed_attempts_total");
      }
      if (attempt >= attempts) {
        throw new DependencyException(DependencyException.Reason.FAILED, last, backoff.delayMillis(attempt, false), null);
      }
      try {
        Thread.sleep(backoff.delayMillis(attempt, false));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DependencyException(DependencyException.Reason.FAILED, "interrupted", 0, e);
      }
    }
  }

  int maxAttempts() {
    return maxAttempts;
  }

  /** Creates the tables when missing (serialized by an advisory lock, so servers may start together). */
  void createSchema(String storeId) throws DependencyException {
    tx("creating the schema", maxAttempts, c -> {
      try (Statement st = c.createStatement()) {
        st.execute("select pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
        st.execute("create table if not exists ds_stores (store_id text primary key,"
            + " max_stream_id bigint not null default 0, beat timestamptz)");
        st.execute("create table if not exists ds_streams (store_id text not null, stream_id bigint not null,"
            + " path text not null, content_type text not null, ttl_seconds bigint, expires_at text,"
            + " parent_id bigint not null, forked_from text, fork_position bigint not null, fork_sub_offset bigint not null,"
            + " created_closed boolean not null, start_position bigint not null, soft_deleted boolean not null default false,"
            + " closed boolean not null default false, closed_by_id text, closed_by_epoch bigint, closed_by_seq bigint,"
            + " last_stream_seq text, checkpoint_position bigint not null default -1, checkpoint_segment bigint not null default -1,"
            + " primary key (store_id, stream_id))");
        st.execute("create table if not exists ds_segments (store_id text not null, stream_id bigint not null,"
            + " segment_id bigint not null, start_position bigint not null, end_position bigint not null,"
            + " object_key text not null, sha256 text not null, size_bytes bigint not null, record_count int not null,"
            + " indexed_at timestamptz not null default now(), primary key (store_id, stream_id, segment_id))");
        st.execute("create table if not exists ds_producers (store_id text not null, stream_id bigint not null,"
            + " producer_id text not null, epoch bigint not null, seq bigint not null, at_position bigint not null,"
            + " at_segment bigint not null, primary key (store_id, stream_id, producer_id))");
      }
      try (PreparedStatement ps = c.prepareStatement(
          "insert into ds_stores (store_id, beat) values (?, now()) on conflict (store_id) do nothing")) {
        ps.setString(1, storeId);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Writes the heartbeat (a write, so only a primary answers it). */
  void heartbeat(String storeId) throws DependencyException {
    tx("heartbeat", 1, c -> {
      try (PreparedStatement ps = c.prepareStatement("update ds_stores set beat = now() where store_id = ?")) {
        ps.setQueryTimeout(2);
        ps.setString(1, storeId);
        ps.executeUpdate();
      }
      return null;
    });
  }

  void createStream(String storeId, StreamDescriptor d, long startPosition, int attempts) throws DependencyException {
    tx("creating stream " + d.path(), attempts, c -> {
      try (PreparedStatement ps = c.prepareStatement("insert into ds_streams (store_id, stream_id, path, content_type,"
          + " ttl_seconds, expires_at, parent_id, forked_from, fork_position, fork_sub_offset, created_closed, start_position,"
          + " closed) values (?,?,?,?,?,?,?,?,?,?,?,?,?) on conflict (store_id, stream_id) do nothing")) {
        ps.setString(1, storeId);
        ps.setLong(2, d.id());
        ps.setString(3, d.path());
        ps.setString(4, d.contentType());
        if (d.ttlSeconds() == null) ps.setNull(5, java.sql.Types.BIGINT); else ps.setLong(5, d.ttlSeconds());
        ps.setString(6, d.expiresAt() == null ? null : d.expiresAt().toString());
        ps.setLong(7, d.parentId());
        ps.setString(8, d.forkedFrom());
        ps.setLong(9, d.forkPosition());
        ps.setLong(10, d.forkSubOffset());
        ps.setBoolean(11, d.createdClosed());
        ps.setLong(12, startPosition);
        ps.setBoolean(13, d.createdClosed());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "update ds_stores set max_stream_id = greatest(max_stream_id, ?) where store_id = ?")) {
        ps.setLong(1, d.id());
        ps.setString(2, storeId);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Indexes an uploaded segment and records the stream's state at its end, in one transaction. */
  void indexSegment(String storeId, SegmentRow row, Checkpoint cp) throws DependencyException {
    tx("indexing segment " + row.key(), maxAttempts, c -> {
      try (PreparedStatement ps = c.prepareStatement("insert into ds_segments (store_id, stream_id, segment_id,"
          + " start_position, end_position, object_key, sha256, size_bytes, record_count) values (?,?,?,?,?,?,?,?,?)"
          + " on conflict (store_id, stream_id, segment_id) do update set start_position = excluded.start_position,"
          + " end_position = excluded.end_position, object_key = excluded.object_key, sha256 = excluded.sha256,"
          + " size_bytes = excluded.size_bytes, record_count = excluded.record_count")) {
        ps.setString(1, storeId);
        ps.setLong(2, row.streamId());
        ps.setLong(3, row.segmentId());
        ps.setLong(4, row.start());
        ps.setLong(5, row.end());
        ps.setString(6, row.key());
        ps.setString(7, row.sha256());
        ps.setLong(8, row.size());
        ps.setInt(9, row.records());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("update ds_streams set closed = ?, closed_by_id = ?,"
          + " closed_by_epoch = ?, closed_by_seq = ?, last_stream_seq = ?, checkpoint_position = ?, checkpoint_segment = ?"
          + " where store_id = ? and stream_id = ? and (checkpoint_position, checkpoint_segment) < (?, ?)")) {
        ps.setBoolean(1, cp.closed());
        ps.setString(2, cp.closedBy() == null ? null : cp.closedBy().id());
        ps.setLong(3, cp.closedBy() == null ? 0 : cp.closedBy().epoch());
        ps.setLong(4, cp.closedBy() == null ? 0 : cp.closedBy().seq());
        ps.setString(5, cp.lastStreamSeq());
        ps.setLong(6, cp.position());
        ps.setLong(7, cp.segmentId());
        ps.setString(8, storeId);
        ps.setLong(9, row.streamId());
        ps.setLong(10, cp.position());
        ps.setLong(11, cp.segmentId());
        ps.executeUpdate();
      }
      if (!cp.producers().isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement("insert into ds_producers (store_id, stream_id, producer_id, epoch,"
            + " seq, at_position, at_segment) values (?,?,?,?,?,?,?) on conflict (store_id, stream_id, producer_id) do update"
            + " set epoch = excluded.epoch, seq = excluded.seq, at_position = excluded.at_position, at_segment = excluded.at_segment"
            + " where (ds_producers.at_position, ds_producers.at_segment) < (excluded.at_position, excluded.at_segment)")) {
          for (ProducerPosition p : cp.producers().values()) {
            ps.setString(1, storeId);
            ps.setLong(2, row.streamId());
            ps.setString(3, p.id());
            ps.setLong(4, p.epoch());
            ps.setLong(5, p.seq());
            ps.setLong(6, cp.position());
            ps.setLong(7, cp.segmentId());
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      return null;
    });
  }

  void markSoftDeleted(String storeId, long streamId, int attempts) throws DependencyException {
    tx("marking stream " + streamId + " deleted", attempts, c -> {
      try (PreparedStatement ps = c.prepareStatement("update ds_streams set soft_deleted = true where store_id = ? and stream_id = ?")) {
        ps.setString(1, storeId);
        ps.setLong(2, streamId);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Removes a stream's rows; returns the keys of its segment objects (to delete from S3). */
  List<String> deleteStream(String storeId, long streamId, int attempts) throws DependencyException {
    return tx("deleting stream " + streamId, attempts, c -> {
      List<String> keys = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("delete from ds_segments where store_id = ? and stream_id = ? returning object_key")) {
        ps.setString(1, storeId);
        ps.setLong(2, streamId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) keys.add(rs.getString(1));
        }
      }
      for (String table : List.of("ds_producers", "ds_streams")) {
        try (PreparedStatement ps = c.prepareStatement("delete from " + table + " where store_id = ? and stream_id = ?")) {
          ps.setString(1, storeId);
          ps.setLong(2, streamId);
          ps.executeUpdate();
        }
      }
      return keys;
    });
  }

  long maxStreamId(String storeId) throws DependencyException {
    return tx("reading the largest stream id", maxAttempts, c -> {
      try (PreparedStatement ps = c.prepareStatement("select max_stream_id from ds_stores where store_id = ?")) {
        ps.setString(1, storeId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      }
    });
  }

  /** Every stream of this store with its segments and checkpoint, in id order. */
  List<StreamRow> load(String storeId) throws DependencyException {
    return tx("loading the streams", maxAttempts, c -> {
      Map<Long, List<SegmentRow>> segments = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("select stream_id, segment_id, start_position, end_position, object_key,"
          + " sha256, size_bytes, record_count from ds_segments where store_id = ? order by stream_id, start_position, segment_id")) {
        ps.setString(1, storeId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            SegmentRow r = new SegmentRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), rs.getInt(8));
            segments.computeIfAbsent(r.streamId(), k -> new ArrayList<>()).add(r);
          }
        }
      }
      Map<Long, Map<String, ProducerPosition>> producers = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement(
          "select stream_id, producer_id, epoch, seq from ds_producers where store_id = ? order by stream_id, producer_id")) {
        ps.setString(1, storeId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            producers.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>())
                .put(rs.getString(2), new ProducerPosition(rs.getString(2), rs.getLong(3), rs.getLong(4)));
          }
        }
      }
      List<StreamRow> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("select stream_id, path, content_type, ttl_seconds, expires_at, parent_id,"
          + " forked_from, fork_position, fork_sub_offset, created_closed, start_position, soft_deleted, closed, closed_by_id,"
          + " closed_by_epoch, closed_by_seq, last_stream_seq, checkpoint_position, checkpoint_segment"
          + " from ds_streams where store_id = ? order by stream_id")) {
        ps.setString(1, storeId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long id = rs.getLong(1);
            long ttl = rs.getLong(4);
            Long ttlSeconds = rs.wasNull() ? null : ttl;
            String expires = rs.getString(5);
            StreamDescriptor d = new StreamDescriptor(id, rs.getString(2), rs.getString(3), ttlSeconds,
                expires == null ? null : Instant.parse(expires), rs.getLong(6), rs.getString(7), rs.getLong(8),
                rs.getLong(9), rs.getBoolean(10));
            String closedById = rs.getString(14);
            ProducerPosition closedBy = closedById == null ? null : new ProducerPosition(closedById, rs.getLong(15), rs.getLong(16));
            Checkpoint cp = new Checkpoint(rs.getLong(18), rs.getLong(19), rs.getBoolean(13), closedBy, rs.getString(17),
                producers.getOrDefault(id, Map.of()));
            out.add(new StreamRow(d, rs.getLong(11), rs.getBoolean(12), cp, segments.getOrDefault(id, List.of())));
          }
        }
      }
      return out;
    });
  }

  @Override
  public void close() {
    pool.close();
  }
}
