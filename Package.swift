// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "PostureSync",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "posture", targets: ["posture"]),
        .executable(name: "posture-bench", targets: ["posture-bench"]),
        .library(name: "PolicyModel", targets: ["PolicyModel"]),
        .library(name: "PolicyEngine", targets: ["PolicyEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // JSON parsing and writing, byte-level and fast: the inventory loader's hot path.
        .target(name: "JSONCore"),
        // zlib from the system, for gzipped alias tables.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // The Azure objects (resources, definitions, assignments, exemptions, ...) decoded and validated.
        .target(name: "PolicyModel", dependencies: ["JSONCore"]),
        // Reading a tenant directory from disk into a validated `Tenant`.
        .target(
            name: "TenantIO",
            dependencies: ["PolicyModel", "JSONCore", "CZlib", .product(name: "Logging", package: "swift-log")]
        ),
        // The Azure Policy rule language: compile, then evaluate.
        .target(name: "PolicyEngine", dependencies: ["PolicyModel", "JSONCore"]),
        // Defender for Cloud's cycle: assessments from policy states, secure score, regulatory compliance.
        .target(name: "Defender", dependencies: ["PolicyModel", "JSONCore"]),
        // The two daily cycles as data (Schedules/*.yaml) and a pure state machine that plans them.
        .target(name: "Scheduling", dependencies: ["PolicyModel", .product(name: "Yams", package: "Yams")]),
        // Every cycle's history in SQLite: tenant versions, cycles, states and assessments as intervals, scores.
        .target(
            name: "History",
            dependencies: [
                "PolicyModel", "Defender", "JSONCore", "CZlib", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // The history on a PostgreSQL server: its schema, versioned like SQLite's, and the run lock as an
        // advisory lock, so runs on several machines exclude each other.
        .target(
            name: "HistoryPostgres",
            dependencies: [
                "History", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The runs: which cycles are due, executing each in one transaction, the lock that keeps runs apart.
        .target(
            name: "Orchestration",
            dependencies: [
                "History", "Scheduling", "PolicyEngine", "Defender", "PolicyModel", "JSONCore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Scenarios: events applied to a tenant over time, played through the real runner.
        .target(
            name: "Simulation",
            dependencies: [
                "Orchestration", "History", "Scheduling", "Defender", "PolicyModel", "JSONCore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The questions asked of history: score deltas with their causes, trends, exemptions, mismatches, reports,
        // drift between model and observed, the cadence calibrated from observed cycles.
        .target(
            name: "HistoryQueries",
            dependencies: [
                "History", "Defender", "PolicyEngine", "PolicyModel", "JSONCore", "Scheduling",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Deterministic, realistic tenants and scenarios at any scale, for benchmarks and tests.
        .target(name: "TenantGenerator", dependencies: ["PolicyModel", "JSONCore"]),
        // The benchmark harness: every stage timed on a generated tenant, with floors to compare against.
        .executableTarget(
            name: "posture-bench",
            dependencies: [
                "TenantIO", "PolicyEngine", "PolicyModel", "JSONCore", "TenantGenerator", "Defender", "History",
                "Orchestration", "Scheduling", "Simulation", "HistoryQueries",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Filling a tenant directory from Azure through the `az` CLI: paging, retries, an atomic swap.
        .target(
            name: "AzureExport",
            dependencies: [
                "TenantIO", "PolicyModel", "JSONCore", .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What monitoring reads: history's latest figures in the Prometheus text format, written atomically.
        .target(
            name: "Monitoring",
            dependencies: [
                "History", "HistoryQueries", "Defender", "PolicyModel",
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // The commands of the `posture` tool.
        .target(
            name: "PostureCLI",
            dependencies: [
                "PolicyModel", "TenantIO", "PolicyEngine", "JSONCore", "TenantGenerator", "Defender", "History",
                "Scheduling", "Orchestration", "Simulation", "HistoryQueries", "AzureExport", "Monitoring",
                "HistoryPostgres", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "posture",
            dependencies: ["PostureCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Helpers shared by several test targets: locating Fixtures/ and ../shared, recording log lines,
        // a throwaway PostgreSQL cluster with a database per test.
        .target(
            name: "TestSupport",
            dependencies: [
                "JSONCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/TestSupport"
        ),
        // A test's history on either backend (SQLite, PostgreSQL), for the suites that run on both.
        .target(
            name: "HistoryTestSupport",
            dependencies: ["History", "HistoryPostgres", "TestSupport"],
            path: "Tests/HistoryTestSupport"
        ),

        .testTarget(name: "JSONCoreTests", dependencies: ["JSONCore", "TestSupport"]),
        .testTarget(name: "PolicyModelTests", dependencies: ["PolicyModel", "JSONCore", "TestSupport"]),
        .testTarget(
            name: "TenantIOTests",
            dependencies: [
                "TenantIO", "PolicyModel", "TestSupport", .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "PolicyEngineTests",
            dependencies: ["PolicyEngine", "PolicyModel", "JSONCore", "TenantIO", "TestSupport"]
        ),
        .testTarget(
            name: "DefenderTests", dependencies: ["Defender", "PolicyModel", "JSONCore", "TenantIO", "TestSupport"]),
        .testTarget(name: "SchedulingTests", dependencies: ["Scheduling", "PolicyModel", "TestSupport"]),
        .testTarget(
            name: "HistoryTests",
            dependencies: [
                "HistoryTestSupport",
                "History", "HistoryPostgres", "PolicyModel", "Defender", "TenantIO", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "HistoryPostgresTests",
            dependencies: [
                "HistoryTestSupport",
                "HistoryPostgres", "History", "Defender", "Orchestration", "Simulation", "Scheduling", "TenantIO",
                "PolicyModel",
                "JSONCore", "TestSupport", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "OrchestrationTests",
            dependencies: [
                "HistoryTestSupport",
                "Orchestration", "History", "HistoryPostgres", "Scheduling", "PolicyEngine", "PolicyModel", "TenantIO",
                "TenantGenerator", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SimulationTests",
            dependencies: [
                "Simulation", "Orchestration", "History", "Defender", "Scheduling", "PolicyModel", "JSONCore",
                "TenantIO", "TestSupport",
            ]
        ),
        .testTarget(
            name: "HistoryQueriesTests",
            dependencies: [
                "HistoryTestSupport",
                "HistoryQueries", "Simulation", "Orchestration", "History", "Defender", "Scheduling", "PolicyModel",
                "JSONCore",
                "TenantIO", "TestSupport", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "TenantGeneratorTests", dependencies: ["TenantGenerator", "TenantIO", "PolicyModel", "TestSupport"]),
        .testTarget(
            name: "AzureExportTests",
            dependencies: [
                "AzureExport", "TenantIO", "TenantGenerator", "PolicyModel", "JSONCore", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "PostureCLITests",
            dependencies: [
                "PostureCLI", "Defender", "PolicyModel", "JSONCore", "TestSupport", "AzureExport", "Orchestration",
                "History", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    // The libraries' clients see only the imports their public API names (`public import`).
    if ["JSONCore", "PolicyModel", "PolicyEngine"].contains(target.name) {
        settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    }
    target.swiftSettings = settings
}
