package io.streamcert.reports.policy;

import io.streamcert.reports.scorecard.Risk;
import java.util.List;

/**
 * How one aspect's status is computed.
 *
 * <ul>
 *   <li><b>Not run</b> when none of the checks it selects ran;
 *   <li><b>Ready</b> when every one that ran passed and none is inconclusive or did not run
 *       (checks that do not apply are left out);
 *   <li><b>Prototype</b> when no failed check is riskier than {@code prototypeAllows} (inconclusive
 *       and not-run checks keep an aspect from Ready, never below Prototype);
 *   <li><b>Not ready</b> otherwise.
 * </ul>
 *
 * @param prototypeAllows the highest risk a failure may have while the aspect is still Prototype;
 *     null when any failure makes it Not ready
 */
public record AspectRule(List<Selector> checks, Risk prototypeAllows) {

  public AspectRule {
    checks = List.copyOf(checks);
  }
}
