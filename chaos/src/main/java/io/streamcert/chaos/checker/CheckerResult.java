package io.streamcert.chaos.checker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the checker found: the summary numbers and every anomaly, ordered by type, stream and time.
 * A history is valid when there are no anomalies.
 */
@JsonIgnoreProperties(value = {"valid", "counts"}, allowGetters = true)
public record CheckerResult(CheckerSummary summary, List<Anomaly> anomalies) {

  /** Validates the summary and copies the anomalies. */
  public CheckerResult {
    if (summary == null) throw new IllegalArgumentException("a checker result needs its summary");
    anomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
  }

  /** Whether the checker found nothing. */
  @JsonProperty("valid")
  public boolean valid() {
    return anomalies.isEmpty();
  }

  /** The number of anomalies of each type, every type listed. */
  @JsonProperty("counts")
  public Map<AnomalyType, Integer> counts() {
    Map<AnomalyType, Integer> out = new EnumMap<>(AnomalyType.class);
    for (AnomalyType t : AnomalyType.values()) out.put(t, 0);
    for (Anomaly a : anomalies) out.merge(a.type(), 1, Integer::sum);
    return out;
  }

  /** The anomalies of one type. */
  public List<Anomaly> anomalies(AnomalyType type) {
    List<Anomaly> out = new ArrayList<>();
    for (Anomaly a : anomalies) if (a.type() == type) out.add(a);
    return out;
  }
}
