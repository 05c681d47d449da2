package io.streamcert.chaos.history;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** The recorder: one lock around the id counter, the in-memory history and the file. */
final class RealHistoryRecorder implements HistoryRecorder {

  private final HistoryHeader header;
  private final LongSupplier nanoTime;
  private final long origin;
  private final Path file;
  private Writer out;
  private IOException writeError;

  private final List<Operation> completed = new ArrayList<>();
  private final Map<Long, Invocation> inFlight = new LinkedHashMap<>();
  private final List<FaultEvent> faults = new ArrayList<>();
  private long nextId;
  private long endNanos = -1;

  private RealHistoryRecorder(HistoryHeader header, LongSupplier nanoTime, long origin, Path file, Writer out) {
    this.header = header;
    this.nanoTime = nanoTime;
    this.origin = origin;
    this.file = file;
    this.out = out;
  }

  static RealHistoryRecorder toFile(Path file, Map<String, String> labels, Clock wallClock, LongSupplier nanoTime)
      throws IOException {
    long origin = nanoTime.getAsLong();
    HistoryHeader header = HistoryHeader.of(wallClock.instant(), labels);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    try {
      out.write(HistoryJson.line(header));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      out.close();
      throw new IOException("could not write the history header to " + file + ": " + e.getMessage(), e);
    }
    return new RealHistoryRecorder(header, nanoTime, origin, file, out);
  }

  static RealHistoryRecorder inMemory(Map<String, String> labels, Clock wallClock, LongSupplier nanoTime) {
    long origin = nanoTime.getAsLong();
    return new RealHistoryRecorder(HistoryHeader.of(wallClock.instant(), labels), nanoTime, origin, null, null);
  }

  @Override
  public HistoryHeader header() {
    return header;
  }

  @Override
  public long nanos() {
    return Math.max(0, nanoTime.getAsLong() - origin);
  }

  @Override
  public synchronized PendingOperation invoke(Operation.Builder spec) {
    if (endNanos >= 0) throw new IllegalStateException("the history recorder is closed; stop the workers first");
    spec.id(nextId).invokeNanos(nanos());
    // Validates the fields an invocation must have, with the kind's own rules.
    spec.completeNanos(spec.invokeNanos).outcome(Outcome.INFO).build();
    spec.outcome(null);
    nextId++;
    Invocation inv = Invocation.of(spec);
    inFlight.put(inv.id(), inv);
    write(inv);
    return new PendingOperation(this, spec);
  }

  synchronized Operation complete(Operation.Builder spec) {
    Operation op = spec.completeNanos(Math.max(spec.invokeNanos, nanos())).build();
    if (endNanos >= 0) return op;
    inFlight.remove(op.id());
    completed.add(op);
    write(op);
    return op;
  }

  @Override
  public synchronized FaultEvent fault(FaultAction action, String fault, String detail) {
    if (endNanos >= 0) throw new IllegalStateException("the history recorder is closed; record faults before closing");
    FaultEvent f = new FaultEvent(action, fault, nanos(), detail);
    faults.add(f);
    write(f);
    return f;
  }

  @Override
  public synchronized History snapshot() {
    List<Operation> ops = new ArrayList<>(completed);
    int unfinished = 0;
    if (endNanos >= 0) {
      for (Invocation inv : inFlight.values()) ops.add(inv.unfinished(endNanos));
      unfinished = inFlight.size();
    }
    return History.of(header, ops, faults, endNanos >= 0 && writeError == null, unfinished);
  }

  @Override
  public synchronized void close() throws IOException {
    if (endNanos >= 0) return;
    long end = nanos();
    for (Operation op : completed) end = Math.max(end, op.completeNanos());
    for (FaultEvent f : faults) end = Math.max(end, f.atNanos());
    endNanos = end;
    write(new HistoryEnd(end));
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        if (writeError == null) writeError = e;
      }
      out = null;
    }
    if (writeError != null) {
      throw new IOException("the history file " + file + " could not be written (" + writeError.getMessage()
          + "); it is incomplete. Check free space and permissions of its folder", writeError);
    }
  }

  private void write(HistoryLine line) {
    if (out == null) return;
    try {
      out.write(HistoryJson.line(line));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      writeError = e;
      try {
        out.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      out = null;
    }
  }
}
