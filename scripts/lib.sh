# Shared by ./jube and scripts/*: finds a JDK >= 21 and Maven, installs host packages.
# Sourced, not run.

JUBE_MIN_JAVA=21

# The node agent's JVM (docs/benchmarks.md, node agent): its live heap is about 8 MB. G1, whose
# concurrent cycles shrink the heap again after a burst of pod starts (the serial collector kept
# what a burst grew until its old generation filled up), with a heap that starts small, keeps
# little free space, may spend a fifth of the time collecting before it grows (GCTimeRatio=4: it
# grew to 40 MB in bursts at the default, to 25 MB so) and, when idle, is collected every 30 s;
# one GC thread of each kind; the client compiler, compiling methods only at eight times the
# usual counts (half the code, same pod start-up); small stacks; logging through a few classes of
# our own rather than logback. JUBE_JAVA_OPTS still wins.
JUBE_AGENT_JVM_DEFAULTS="-XX:+UseG1GC -Xms8m -Xmx96m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:GCTimeRatio=4 -XX:G1PeriodicGCInterval=30000 -XX:ParallelGCThreads=1 -XX:ConcGCThreads=1 -XX:ReservedCodeCacheSize=20m -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=8 -Xss512k -Dslf4j.provider=dev.jube.cli.StderrLogging"
# The server's JVM (docs/benchmarks.md, scheduler): on two cores the optimizing compiler competed
# with the cluster for a whole core through the first minutes, compiling every method that grew
# warm. It now takes only methods ten times hotter than its defaults ask; the rest stay with the
# client compiler. First-minute scheduling throughput doubled, and it is higher once warm too.
JUBE_SERVER_JVM_DEFAULTS="-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000"
export JUBE_SERVER_JVM_DEFAULTS
# glibc's malloc arenas for the agent: 2 rather than 8 per core, for a process of a few dozen threads.
JUBE_AGENT_MALLOC_ARENA_MAX=2

# Prints the Java feature version of a java binary (17, 21, 25, ...), or nothing.
java_feature_version() {
  local release
  release="$(dirname "$(dirname "$1")")/release"
  # The JDK's release file answers without starting a JVM; ask the JVM only when it is missing.
  if [ -f "$release" ]; then
    sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9][0-9]*\).*/\2/p' "$release" | head -n 1
  else
    "$1" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
  fi
}

# Sets JAVA_HOME to a JDK >= 21: $JAVA_HOME, then `java` on PATH, then the newest JDK in the
# usual install folders. Fails with what to install when there is none.
select_jdk() {
  local candidates=() c v best="" best_v=0
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [ -d "$c" ] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    v=$(java_feature_version "$c/bin/java")
    [ -n "$v" ] || continue
    # The first acceptable candidate wins (an explicit JAVA_HOME or PATH choice is respected);
    # among the folder scan the newest wins.
    if [ "$v" -ge "$JUBE_MIN_JAVA" ] && [ "$v" -gt "$best_v" ]; then
      best="$c"; best_v="$v"
      [ "$c" = "${JAVA_HOME:-}" ] && break
    fi
  done
  if [ -z "$best" ]; then
    echo "jube: needs a JDK $JUBE_MIN_JAVA or newer (java and javac); found none." >&2
    echo "jube: install one (Debian/Ubuntu: apt-get install openjdk-21-jdk-headless, or a Temurin 21+ JDK) and set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export JUBE_JAVA_FEATURE="$best_v"
  export PATH="$JAVA_HOME/bin:$PATH"
  # Guava (in Maven) and protobuf (under jetcd) warn about sun.misc.Unsafe on JDK 24+; for us
  # the warning is noise, so our JVMs allow it.
  JUBE_JVM_FLAGS=""
  if [ "$best_v" -ge 24 ]; then
    JUBE_JVM_FLAGS="--sun-misc-unsafe-memory-access=allow"
    case "${MAVEN_OPTS:-}" in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} $JUBE_JVM_FLAGS" ;; esac
  fi
  # Compact object headers (8 bytes instead of 12 per object) where they are a product option,
  # JDK 25: less heap for the API server's watch cache and less for its collector to copy. Every
  # Jube JVM uses them, since an AOT cache only serves JVMs with the same setting.
  if [ "$best_v" -ge 25 ]; then
    JUBE_JVM_FLAGS="$JUBE_JVM_FLAGS -XX:+UseCompactObjectHeaders"
  fi
}

# Installs Debian packages that are missing, as root; otherwise names them and fails.
# Usage: ensure_packages "why" pkg...
ensure_packages() {
  local why="$1"; shift
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "jube: $why needs these packages: ${missing[*]}" >&2
    echo "jube: install them as root: apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  echo "jube: installing ${missing[*]} ($why)" >&2
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null 2>&1; then
    apt-get update -q >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null || {
      echo "jube: could not install ${missing[*]}; install them and try again." >&2
      return 1
    }
  fi
}

ensure_maven() {
  command -v mvn >/dev/null 2>&1 || ensure_packages "building Jube" maven
}
