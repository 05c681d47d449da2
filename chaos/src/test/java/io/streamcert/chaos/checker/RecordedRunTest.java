package io.streamcert.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.chaos.history.FaultAction;
import io.streamcert.chaos.history.History;
import io.streamcert.chaos.history.HistoryRecorder;
import io.streamcert.chaos.history.Offset;
import io.streamcert.chaos.history.OperationKind;
import io.streamcert.chaos.history.PendingOperation;
import io.streamcert.chaos.payload.PayloadCodec;
import io.streamcert.chaos.payload.PayloadDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pure-Java path: writers frame payloads, an in-memory log stands in for the server,
 * readers decode what they get, everything is recorded to {@code history.jsonl}, read back and
 * checked.
 */
class RecordedRunTest {

  private static final String STREAM = "/s/run";

  @TempDir
  Path dir;

  /** A byte log whose offsets are the reference server's {@code %016d_%016d}. */
  private static final class Log {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Offset append(byte[] frame) {
      bytes.writeBytes(frame);
      return offset(bytes.size());
    }

    static Offset offset(long position) {
      return Offset.of(String.format("%016d_%016d", 0, position));
    }

    byte[] from(int position) {
      byte[] all = bytes.toByteArray();
      return Arrays.copyOfRange(all, position, all.length);
    }
  }

  /** Runs three writers and a reader; {@code forget} is how many trailing bytes the "crash" loses. */
  private History run(int forget) throws IOException {
    Path file = dir.resolve("history.jsonl");
    Log log = new Log();
    try (HistoryRecorder h = HistoryRecorder.toFile(file, Map.of("scenario", "in-memory"))) {
      for (int i = 0; i < 30; i++) {
        String writer = "w" + (i % 3);
        String id = PayloadCodec.payloadId(writer, i / 3);
        PendingOperation op = h.invokeWrite(writer, OperationKind.APPEND, STREAM, id);
        Offset next = log.append(PayloadCodec.encode(id, 32 + i));
        op.status(200).nextOffset(next).ok();
        if (i == 10) h.fault(FaultAction.START, "kill", "SIGKILL");
        if (i == 12) h.fault(FaultAction.STOP, "kill", "restarted");
      }
      if (forget > 0) {
        byte[] kept = Arrays.copyOf(log.bytes.toByteArray(), log.bytes.size() - forget);
        log.bytes.reset();
        log.bytes.writeBytes(kept);
      }
      h.fault(FaultAction.HEAL, null, null);
      // The final read, in two chunks as a server with a small chunk size would answer.
      PendingOperation read = h.invokeRead("r1", OperationKind.READ_CATCHUP, STREAM, Offset.BEGINNING);
      PayloadDecoder decoder = PayloadCodec.decoder();
      byte[] all = log.from(0);
      int half = all.length / 2;
      read.observe(decoder.feed(Arrays.copyOf(all, half), Log.offset(0)));
      read.observe(decoder.feed(Arrays.copyOfRange(all, half, all.length), Log.offset(half)));
      read.garbage(decoder.finish()).status(200).nextOffset(Log.offset(all.length)).ok();
    }
    return History.read(file);
  }

  @Test
  void aFaithfulLogHasNoAnomalies() throws IOException {
    CheckerResult result = HistoryChecker.standard().check(run(0));

    assertThat(result.anomalies()).isEmpty();
    assertThat(result.summary().writesAcknowledged()).isEqualTo(30);
    assertThat(result.summary().observations()).isEqualTo(30);
    assertThat(result.summary().historyComplete()).isTrue();
  }

  @Test
  void aLogThatLosesAcknowledgedBytesIsCaught() throws IOException {
    // The last frame is 32 + 29 = 61 bytes; losing 70 bytes loses it whole and tears the one before.
    CheckerResult result = HistoryChecker.standard().check(run(70));

    assertThat(result.anomalies(AnomalyType.LOST_WRITE)).extracting(Anomaly::payloadId)
        .containsExactly("w1-000009", "w2-000009");
    assertThat(result.anomalies(AnomalyType.LOST_WRITE)).extracting(Anomaly::writer).containsExactly("w1", "w2");
    assertThat(result.anomalies(AnomalyType.GARBAGE)).hasSize(1);
    assertThat(result.anomalies()).as("nothing else").hasSize(3);
  }
}
