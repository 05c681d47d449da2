package io.streamcert.infra.pg;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A running PostgreSQL database for a server under test: where clients connect and with which
 * credentials. Closing it stops every process it started and deletes its files.
 */
public interface PgService extends AutoCloseable {

  /**
   * The PgJDBC URL clients use, without credentials; for a replicated cluster a multi-host URL with
   * {@code targetServerType=primary}, so that clients follow a failover.
   */
  String jdbcUrl();

  /** The host of the current primary, such as {@code 127.0.0.1}. */
  String host();

  /** The port of the current primary. */
  int port();

  String database();

  String user();

  String password();

  /** One line for logs, such as {@code local PostgreSQL 15 primary 127.0.0.1:41234 + sync replica ...}. */
  String describe();

  /**
   * The values of the {@code postgres.*} placeholders of a target descriptor's launch command
   * ({@code postgres.jdbc-url}, {@code postgres.host}, {@code postgres.port}, {@code postgres.user},
   * {@code postgres.password}, {@code postgres.database}).
   */
  default Map<String, String> placeholders() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("postgres.jdbc-url", jdbcUrl());
    m.put("postgres.host", host());
    m.put("postgres.port", Integer.toString(port()));
    m.put("postgres.user", user());
    m.put("postgres.password", password());
    m.put("postgres.database", database());
    return m;
  }

  /** Stops every process and deletes every file the service made. */
  @Override
  void close() throws IOException;
}
