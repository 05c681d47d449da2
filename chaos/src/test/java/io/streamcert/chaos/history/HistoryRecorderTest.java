package io.streamcert.chaos.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryRecorderTest {

  @TempDir
  Path dir;

  private final FakeClocks clocks = new FakeClocks();

  /** Records a small run: a write, a retried producer write, a read, a partition and a heal. */
  private HistoryRecorder record(HistoryRecorder h) {
    h.invoke("c0", OperationKind.CREATE, "/s/a").status(201).ok();
    clocks.advanceMillis(1);
    PendingOperation w = h.invokeWrite("w1", OperationKind.APPEND, "/s/a", "w1-000000");
    clocks.advanceMillis(2);
    w.status(200).nextOffset(Offset.of("0000000000000000_0000000000000020")).ok();
    h.fault(FaultAction.START, "partition", "target proxy: drop");
    PendingOperation p = h.invokeWrite("p1", OperationKind.PRODUCER_APPEND, "/s/a", "p1-000000");
    clocks.advanceMillis(2000);
    p.info("timeout after 2s");
    h.fault(FaultAction.STOP, "partition", null);
    h.invokeWrite("p1", OperationKind.PRODUCER_APPEND, "/s/a", "p1-000000").status(204).ok();
    clocks.advanceMillis(5);
    h.invokeWrite("w1", OperationKind.APPEND, "/s/a", "w1-000001").status(503).fail("503 Service Unavailable");
    h.fault(FaultAction.HEAL, null, null);
    PendingOperation r = h.invokeRead("r1", OperationKind.READ_CATCHUP, "/s/a", Offset.BEGINNING);
    clocks.advanceMillis(3);
    r.observe(List.of(Observed.at("w1-000000", "0000000000000000_0000000000000000"), Observed.of("p1-000000")))
        .garbage(List.of(new Garbage(45, 3, "\\x00\\x01z")))
        .status(200).nextOffset(Offset.of("0000000000000000_0000000000000048")).ok();
    return h;
  }

  @Test
  void aRecordedHistoryReadsBackEqualToWhatWasRecorded() throws IOException {
    Path file = dir.resolve("run/history.jsonl");
    HistoryRecorder h = record(HistoryRecorder.toFile(file, Map.of("seed", "42", "scenario", "partition"),
        clocks.wall, clocks.nanoTime));
    h.close();

    History read = History.read(file);

    History recorded = h.snapshot();
    assertThat(read.operations()).isEqualTo(recorded.operations()).hasSize(6);
    assertThat(read.faults()).isEqualTo(recorded.faults()).hasSize(3);
    assertThat(read.header()).isEqualTo(recorded.header());
    assertThat(read.header().startedAt()).isEqualTo(FakeClocks.START);
    assertThat(read.header().labels()).containsEntry("seed", "42").containsEntry("scenario", "partition");
    assertThat(read.complete()).isTrue();
    assertThat(read.unfinishedOperations()).isZero();
  }

  @Test
  void timesAreNanosecondsSinceTheStartOnTheMonotonicClock() throws IOException {
    HistoryRecorder h = record(HistoryRecorder.inMemory(Map.of(), clocks.wall, clocks.nanoTime));
    h.close();

    List<Operation> ops = h.snapshot().operations();
    assertThat(ops.get(0).invokeNanos()).isZero();
    assertThat(ops.get(1).invokeNanos()).isEqualTo(1_000_000);
    assertThat(ops.get(1).completeNanos()).isEqualTo(3_000_000);
    assertThat(ops.get(2).completeNanos() - ops.get(2).invokeNanos()).isEqualTo(2_000_000_000L);
    assertThat(h.snapshot().faults().get(0).atNanos()).isEqualTo(3_000_000);
    assertThat(ops).extracting(Operation::id).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void linesAreCompactJsonInAStableShape() throws IOException {
    Path file = dir.resolve("history.jsonl");
    HistoryRecorder h = HistoryRecorder.toFile(file, Map.of("seed", "7"), clocks.wall, clocks.nanoTime);
    PendingOperation w = h.invokeWrite("w3", OperationKind.APPEND_SEQ, "/s/a", "w3-000017");
    clocks.advanceMillis(1);
    w.status(200).nextOffset(Offset.of("0_20")).ok();
    h.fault(FaultAction.START, "kill", "SIGKILL");
    h.close();

    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).containsExactly(
        "{\"type\":\"history\",\"format\":1,\"startedAt\":\"2026-11-22T10:15:30.123Z\",\"labels\":{\"seed\":\"7\"}}",
        "{\"type\":\"invoke\",\"id\":0,\"process\":\"w3\",\"kind\":\"append-seq\",\"stream\":\"/s/a\","
            + "\"payloadId\":\"w3-000017\",\"invokeNanos\":0}",
        "{\"type\":\"op\",\"id\":0,\"process\":\"w3\",\"kind\":\"append-seq\",\"stream\":\"/s/a\","
            + "\"payloadId\":\"w3-000017\",\"invokeNanos\":0,\"completeNanos\":1000000,\"outcome\":\"ok\","
            + "\"status\":200,\"nextOffset\":\"0_20\"}",
        "{\"type\":\"fault\",\"action\":\"start\",\"fault\":\"kill\",\"atNanos\":1000000,\"detail\":\"SIGKILL\"}",
        "{\"type\":\"end\",\"atNanos\":1000000}");
  }

  @Test
  void anOperationInFlightWhenTheRunEndedIsReadAsUnknown() throws IOException {
    Path file = dir.resolve("history.jsonl");
    HistoryRecorder h = HistoryRecorder.toFile(file, Map.of(), clocks.wall, clocks.nanoTime);
    h.invokeWrite("w1", OperationKind.APPEND, "/s/a", "w1-000000").ok();
    PendingOperation stuck = h.invokeWrite("w2", OperationKind.APPEND, "/s/a", "w2-000000");
    clocks.advanceMillis(10);
    h.close();
    stuck.status(200).ok();

    History read = History.read(file);

    Operation op = read.operations().get(1);
    assertThat(op.payloadId()).isEqualTo("w2-000000");
    assertThat(op.outcome()).isEqualTo(Outcome.INFO);
    assertThat(op.completeNanos()).isEqualTo(10_000_000);
    assertThat(op.error()).contains("still in flight");
    assertThat(read.unfinishedOperations()).isEqualTo(1);
    assertThat(h.snapshot().operations()).isEqualTo(read.operations());
  }

  @Test
  void aFileCutMidLineByADyingRunStillLoads() throws IOException {
    Path file = dir.resolve("history.jsonl");
    HistoryRecorder h = HistoryRecorder.toFile(file, Map.of(), clocks.wall, clocks.nanoTime);
    h.invokeWrite("w1", OperationKind.APPEND, "/s/a", "w1-000000").status(200).nextOffset(Offset.of("0_10")).ok();
    h.invokeWrite("w1", OperationKind.APPEND, "/s/a", "w1-000001");
    h.close();
    // As if the run had died in the middle of writing the completion: no end line, a torn last line.
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.remove(lines.size() - 1);
    Files.writeString(file, String.join("\n", lines) + "\n{\"type\":\"op\",\"id\":1,\"proc");

    History read = History.read(file);

    assertThat(read.complete()).isFalse();
    assertThat(read.operations()).extracting(Operation::outcome).containsExactly(Outcome.OK, Outcome.INFO);
    assertThat(read.unfinishedOperations()).isEqualTo(1);
  }

  @Test
  void aBrokenLineInTheMiddleIsReportedWithItsNumber() throws IOException {
    Path file = dir.resolve("history.jsonl");
    HistoryRecorder h = HistoryRecorder.toFile(file, Map.of(), clocks.wall, clocks.nanoTime);
    h.invokeWrite("w1", OperationKind.APPEND, "/s/a", "w1-000000").ok();
    h.close();
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(2, "{\"type\":\"op\",\"id\":0,\"process\":\"w1\",\"kind\":\"append\"");
    Files.write(file, lines);

    assertThatThrownBy(() -> History.read(file))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessageStartingWith(file + ":3: not a history line")
        .satisfies(e -> assertThat(((HistoryFormatException) e).line()).isEqualTo(3));
  }

  @Test
  void aFileThatIsNotAHistoryIsRefused() throws IOException {
    Path file = dir.resolve("other.jsonl");
    Files.writeString(file, "{\"type\":\"op\",\"id\":0}\n");

    assertThatThrownBy(() -> History.read(file))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessageContaining("is this a history.jsonl written by streamcert?");
  }

  @Test
  void anOperationMissingWhatItsKindNeedsIsRefusedAtInvocation() {
    HistoryRecorder h = HistoryRecorder.inMemory(Map.of(), clocks.wall, clocks.nanoTime);

    assertThatThrownBy(() -> h.invokeWrite("w1", OperationKind.APPEND, "/s/a", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs the payload id it appends");
  }

  @Test
  void anOperationCompletesOnlyOnce() {
    HistoryRecorder h = HistoryRecorder.inMemory(Map.of(), clocks.wall, clocks.nanoTime);
    PendingOperation op = h.invokeWrite("w1", OperationKind.APPEND, "/s/a", "w1-000000");
    op.ok();

    assertThatThrownBy(op::ok).isInstanceOf(IllegalStateException.class).hasMessageContaining("already completed");
  }

  @Test
  void workersOnManyThreadsRecordIntoOneFile() throws Exception {
    Path file = dir.resolve("history.jsonl");
    int threads = 8;
    int perThread = 250;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    try (HistoryRecorder h = HistoryRecorder.toFile(file, Map.of())) {
      for (int t = 0; t < threads; t++) {
        String process = "w" + t;
        Thread worker = new Thread(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          for (int i = 0; i < perThread; i++) {
            PendingOperation op = h.invokeWrite(process, OperationKind.APPEND, "/s/" + process, process + "-" + i);
            if (i % 3 == 0) {
              op.info("timeout");
            } else {
              op.status(200).nextOffset(Offset.of(String.format("%08d", i))).ok();
            }
          }
        });
        worker.start();
        workers.add(worker);
      }
      start.countDown();
      for (Thread w : workers) w.join();
    }

    History read = History.read(file);

    assertThat(read.operations()).hasSize(threads * perThread);
    assertThat(read.unfinishedOperations()).isZero();
    Set<String> payloads = new HashSet<>();
    for (Operation op : read.operations()) {
      payloads.add(op.payloadId());
      assertThat(op.payloadId()).startsWith(op.process() + "-");
      assertThat(op.stream()).isEqualTo("/s/" + op.process());
    }
    assertThat(payloads).hasSize(threads * perThread);
  }
}
