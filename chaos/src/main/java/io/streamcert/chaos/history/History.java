package io.streamcert.chaos.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * A chaos run's history: its header, every operation ordered by id, and the fault events ordered
 * by time. Immutable.
 *
 * <p>Build one from values with {@link #of}, or load {@code history.jsonl} with {@link #read}.
 */
public final class History {

  private static final String NOT_A_HISTORY = "the first line must be the history header"
      + " ({\"type\":\"history\",...}); is this a history.jsonl written by streamcert?";

  private final HistoryHeader header;
  private final List<Operation> operations;
  private final List<FaultEvent> faults;
  private final boolean complete;
  private final int unfinished;

  private History(HistoryHeader header, List<Operation> operations, List<FaultEvent> faults, boolean complete,
      int unfinished) {
    this.header = header;
    this.operations = operations;
    this.faults = faults;
    this.complete = complete;
    this.unfinished = unfinished;
  }

  /**
   * Returns a history of these operations and fault events.
   *
   * @throws IllegalArgumentException if two operations share an id
   */
  public static History of(HistoryHeader header, Collection<Operation> operations, Collection<FaultEvent> faults) {
    return of(header, operations, faults, true, 0);
  }

  static History of(HistoryHeader header, Collection<Operation> operations, Collection<FaultEvent> faults,
      boolean complete, int unfinished) {
    if (header == null) throw new IllegalArgumentException("a history needs a header");
    List<Operation> ops = new ArrayList<>(operations);
    ops.sort(Comparator.comparingLong(Operation::id));
    for (int i = 1; i < ops.size(); i++) {
      if (ops.get(i).id() == ops.get(i - 1).id()) {
        throw new IllegalArgumentException("two operations have id " + ops.get(i).id() + ": " + ops.get(i - 1)
            + " and " + ops.get(i) + "; ids must be unique within a history");
      }
    }
    List<FaultEvent> fs = new ArrayList<>(faults);
    fs.sort(Comparator.comparingLong(FaultEvent::atNanos));
    return new History(header, List.copyOf(ops), List.copyOf(fs), complete, unfinished);
  }

  /**
   * Loads a {@code history.jsonl} file written by a {@link HistoryRecorder}.
   *
   * <p>A file cut short by a dying run still loads: a last line without its newline that does not
   * parse is dropped, and an operation invoked but never completed becomes an {@link Outcome#INFO}
   * operation ending at the history's last known time. {@link #complete()} tells whether the
   * recorder closed the file cleanly.
   *
   * @throws HistoryFormatException if the first line is not a history header or another line
   *     cannot be read, naming the line
   * @throws IOException if the file cannot be read
   */
  public static History read(Path file) throws IOException {
    boolean endsWithNewline = endsWithNewline(file);
    HistoryHeader header = null;
    Map<Long, Invocation> invocations = new LinkedHashMap<>();
    Map<Long, Operation> operations = new TreeMap<>();
    List<FaultEvent> faults = new ArrayList<>();
    HistoryEnd end = null;
    boolean torn = false;
    long lineNo = 0;
    long endNanos = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text = in.readLine();
      while (text != null) {
        lineNo++;
        String next = in.readLine();
        boolean last = next == null;
        if (!text.isBlank()) {
          HistoryLine line;
          try {
            line = HistoryJson.parse(text);
          } catch (JsonProcessingException | IllegalArgumentException e) {
            if (last && !endsWithNewline && header != null) {
              torn = true;
              break;
            }
            throw new HistoryFormatException(file, lineNo, "not a history line (" + firstLine(e) + "): "
                + abbreviate(text) + (header == null ? "; " + NOT_A_HISTORY : ""), e);
          }
          if (header == null && !(line instanceof HistoryHeader)) {
            throw new HistoryFormatException(file, lineNo, NOT_A_HISTORY, null);
          }
          if (line instanceof HistoryHeader h) {
            if (header != null) {
              throw new HistoryFormatException(file, lineNo, "a second history header; two runs wrote one file", null);
            }
            header = h;
          } else if (line instanceof Invocation inv) {
            invocations.put(inv.id(), inv);
            endNanos = Math.max(endNanos, inv.invokeNanos());
          } else if (line instanceof Operation op) {
            if (operations.put(op.id(), op) != null) {
              throw new HistoryFormatException(file, lineNo, "operation id " + op.id() + " completes twice", null);
            }
            endNanos = Math.max(endNanos, op.completeNanos());
          } else if (line instanceof FaultEvent f) {
            faults.add(f);
            endNanos = Math.max(endNanos, f.atNanos());
          } else if (line instanceof HistoryEnd e) {
            end = e;
            endNanos = Math.max(endNanos, e.atNanos());
          }
        }
        text = next;
      }
    }
    if (header == null) {
      throw new HistoryFormatException(file, Math.max(1, lineNo), "no history header; the file is empty or was cut"
          + " before its first line", null);
    }
    int unfinished = 0;
    for (Invocation inv : invocations.values()) {
      if (!operations.containsKey(inv.id())) {
        operations.put(inv.id(), inv.unfinished(endNanos));
        unfinished++;
      }
    }
    return of(header, operations.values(), faults, end != null && !torn, unfinished);
  }

  private static boolean endsWithNewline(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size == 0) return true;
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, size - 1);
      return b.get(0) == '\n';
    }
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }

  /** The header: format, start time and labels. */
  public HistoryHeader header() {
    return header;
  }

  /** Every operation, ordered by id (invocation order for a recorded history). */
  public List<Operation> operations() {
    return operations;
  }

  /** The operations on one stream, ordered by id. */
  public List<Operation> operations(String stream) {
    List<Operation> out = new ArrayList<>();
    for (Operation op : operations) if (op.stream().equals(stream)) out.add(op);
    return out;
  }

  /** The streams operations touched, in order of first appearance. */
  public Set<String> streams() {
    Set<String> out = new LinkedHashSet<>();
    for (Operation op : operations) out.add(op.stream());
    return out;
  }

  /** The fault events ordered by time. */
  public List<FaultEvent> faults() {
    return faults;
  }

  /**
   * Whether the history is whole: true when built from values, or when the file ended with the
   * recorder's end line and nothing was cut.
   */
  public boolean complete() {
    return complete;
  }

  /** How many operations had no recorded completion and were turned into info operations. */
  public int unfinishedOperations() {
    return unfinished;
  }

  /** The latest time in the history: the last completion or fault event, in nanoseconds since its start. */
  public long endNanos() {
    long end = 0;
    for (Operation op : operations) end = Math.max(end, op.completeNanos());
    for (FaultEvent f : faults) end = Math.max(end, f.atNanos());
    return end;
  }

  /**
   * The period each fault was active, ordered by start. A start of a fault already active is
   * ignored, as is a stop of one that is not; a heal stops every active fault.
   */
  public List<FaultWindow> faultWindows() {
    Map<String, FaultEvent> open = new LinkedHashMap<>();
    List<FaultWindow> out = new ArrayList<>();
    for (FaultEvent f : faults) {
      switch (f.action()) {
        case START -> open.putIfAbsent(f.fault(), f);
        case STOP -> {
          FaultEvent s = open.remove(f.fault());
          if (s != null) out.add(new FaultWindow(s.fault(), s.atNanos(), f.atNanos(), s.detail()));
        }
        case HEAL -> {
          for (FaultEvent s : open.values()) out.add(new FaultWindow(s.fault(), s.atNanos(), f.atNanos(), s.detail()));
          open.clear();
        }
      }
    }
    for (FaultEvent s : open.values()) out.add(new FaultWindow(s.fault(), s.atNanos(), null, s.detail()));
    out.sort(Comparator.comparingLong(FaultWindow::startNanos));
    return List.copyOf(out);
  }

  /**
   * The time from which no fault was active until the end: the later of the last stop and the
   * last heal; zero when the history has no fault events; empty when a fault was never undone.
   */
  public OptionalLong healedAtNanos() {
    long healed = 0;
    for (FaultWindow w : faultWindows()) {
      if (w.stopNanos() == null) return OptionalLong.empty();
      healed = Math.max(healed, w.stopNanos());
    }
    for (FaultEvent f : faults) if (f.action() == FaultAction.HEAL) healed = Math.max(healed, f.atNanos());
    return OptionalLong.of(healed);
  }

  @Override
  public String toString() {
    Set<String> processes = new HashSet<>();
    for (Operation op : operations) processes.add(op.process());
    return "History[" + operations.size() + " operations by " + processes.size() + " processes on "
        + streams().size() + " streams, " + faults.size() + " fault events" + (complete ? "" : ", incomplete") + "]";
  }
}
