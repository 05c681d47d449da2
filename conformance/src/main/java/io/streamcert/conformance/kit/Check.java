package io.streamcert.conformance.kit;

import io.streamcert.fixtures.Feature;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a conformance check (a JUnit {@code @Test} or {@code @ParameterizedTest}) with its stable
 * id, the requirement ids it covers, and the feature it needs.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Check {

  /** A stable id such as {@code append.seq-regression-409}; parameterized invocations add {@code [n]}. */
  String id();

  /** The requirement ids of the catalog this check covers, such as {@code DS-5.2-07}. */
  String[] requirements();

  /** The feature the target must declare for this check to apply. */
  Feature feature() default Feature.CORE;

  /** Further features the check needs (a fork read over SSE needs {@code SSE} too). */
  Feature[] also() default {};
}
