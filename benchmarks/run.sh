#!/usr/bin/env bash
# Runs the JMH microbenchmarks of the reference server (docs/benchmarks.md). Builds
# benchmarks/target/benchmarks.jar first when it is missing or older than a source or pom it is
# made from, then hands every argument to JMH and writes the results as JSON to
# benchmarks/target/jmh-result.json (unless the arguments name -rf or -rff themselves).
#
#   ./benchmarks/run.sh                                       # all of them: a few minutes on 2 cores
#   ./benchmarks/run.sh Offset -f 1 -wi 1 -w 1s -i 1 -r 1s    # one class, a quick look
#   ./benchmarks/run.sh StoreAppend.oneWriter -prof gc        # with allocation per operation
#   ./benchmarks/run.sh -h                                    # JMH's own options
#
#   BENCHMARKS_JAVA_OPTS    JVM options of the JMH launcher (forks take JMH's -jvmArgsAppend)
#   BENCHMARKS_MAVEN_ARGS   extra Maven arguments for the build, e.g. "-o" when offline
#   JAVA_HOME               the JDK to use; otherwise `java` on the PATH
set -euo pipefail

say() { echo "benchmarks: $*" >&2; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
target="$root/benchmarks/target"
jar="$target/benchmarks.jar"

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java="$JAVA_HOME/bin/java"
elif command -v java >/dev/null 2>&1; then
  java="$(command -v java)"
else
  say "java not found; install a JDK 17 or newer or point JAVA_HOME at one"
  exit 2
fi

# Prints the first source or pom newer than the jar; empty output means the jar is current.
newer_than_jar() {
  [ -f "$jar" ] || { echo "$jar (missing)"; return; }
  find "$root/pom.xml" "$root/benchmarks/pom.xml" "$root/benchmarks/src" \
    "$root/reference-impl/pom.xml" "$root/reference-impl/src/main" \
    -newer "$jar" -print -quit 2>/dev/null
}

if [ -n "$(newer_than_jar)" ]; then
  if ! command -v mvn >/dev/null 2>&1; then
    say "mvn not found; install Apache Maven 3.8 or newer to build $jar"
    exit 2
  fi
  mkdir -p "$target"
  log="$target/build.log"
  stamp="$target/build.stamp"
  say "building $jar (package only, nothing is installed)..."
  touch "$stamp"
  # Only this module and what it needs; tests are skipped here because `mvn verify` runs them.
  # shellcheck disable=SC2086 # BENCHMARKS_MAVEN_ARGS holds several words on purpose
  if ! (cd "$root" && mvn -B -q -pl benchmarks -am -Dmaven.test.skip=true ${BENCHMARKS_MAVEN_ARGS:-} \
      package) >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    say "build failed; the full log is $log"
    exit 2
  fi
  # Date the jar to the start of the build, so that a file edited during the build still counts.
  touch -r "$stamp" "$jar"
fi

# JMH refuses an option given twice, so the JSON defaults apply only where the caller set none.
defaults=()
case " $* " in *" -rf "*) ;; *) defaults+=(-rf json) ;; esac
case " $* " in *" -rff "*) ;; *) defaults+=(-rff "$target/jmh-result.json") ;; esac

# shellcheck disable=SC2086 # BENCHMARKS_JAVA_OPTS holds several words on purpose
exec "$java" ${BENCHMARKS_JAVA_OPTS:-} -jar "$jar" "${defaults[@]}" "$@"
