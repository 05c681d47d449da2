package io.streamcert.conformance.kit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Names a class of checks as one protocol area (for example {@code Create} or {@code SSE}) and
 * wires the target into it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(TargetExtension.class)
public @interface Area {

  /** The area's name in reports. */
  String value();
}
