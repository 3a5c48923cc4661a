#!/usr/bin/env bash
# JMH benchmark of token validation (see BENCHMARKS.md): (a) the bare RS256
# signature check, (b) the API's whole pipeline on unseen tokens, (c) the same
# on a token it has verified before; prints (b)/(a) and (c)/(a).
#   bench/jmh.sh                 # 2 forks x 5 x 2 s, as in BENCHMARKS.md
#   bench/jmh.sh -f 1 -i 3       # any extra JMH options
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q -Pbenchmarks -DskipTests verify
classpath="target/classes:target/test-classes:$(cat target/benchmarks.classpath)"
mkdir -p target/jmh
java -cp "$classpath" org.openjdk.jmh.Main TokenValidationBenchmark "$@" | tee target/jmh/token-validation.txt

# Result lines: Benchmark (tokenCache) Mode Cnt Score Error Units
awk '$1 ~ /TokenValidationBenchmark\.[abc]_/ && $NF == "us/op" {
		split($1, name, "."); bench = substr(name[2], 1, 1); cache = $2; score[bench, cache] = $(NF - 3)
		caches[cache] = 1
	}
	END {
		print ""
		for (cache in caches) {
			if (score["a", cache] == "") continue
			printf "tokenCache=%-5s  (b)/(a) = %.3f   (c)/(a) = %.3f\n", cache,
				score["b", cache] / score["a", cache], score["c", cache] / score["a", cache]
		}
	}' target/jmh/token-validation.txt
