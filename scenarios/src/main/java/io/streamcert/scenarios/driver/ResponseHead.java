package io.streamcert.scenarios.driver;

import java.util.ArrayList;
import java.util.List;

/** The status and headers of one HTTP response, with case-insensitive header lookup. */
final class ResponseHead {

  private final int status;
  private final List<String> names = new ArrayList<>(12);
  private final List<String> values = new ArrayList<>(12);

  ResponseHead(int status) {
    this.status = status;
  }

  int status() {
    return status;
  }

  boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  void add(String name, String value) {
    names.add(name);
    values.add(value);
  }

  /** Returns the first value of header {@code name} (any case), or {@code null}. */
  String header(String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) return values.get(i);
    }
    return null;
  }

  @Override
  public String toString() {
    return "HTTP " + status;
  }
}
