// The benchmark harness: `swift run -c release posture-bench --generate 100000` (see BENCHMARKS.md).
import ArgumentParser

PostureBench.main()
