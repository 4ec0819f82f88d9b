import Defender
import Foundation
import PolicyEngine
import PolicyModel

/// The floors a stage can be compared with.
enum Floor: String, CaseIterable {
    /// Reading resources.json and one pass over its bytes.
    case read = "a"
    /// python3 `json.load` of resources.json.
    case python = "b"
    /// Inserting as many state rows into SQLite with one prepared statement in one transaction.
    case sqlite = "c"
}

/// What a stage reports.
enum StageOutcome {
    case measured(Measurement)
    case notBuiltYet(String)
    case failed(String)
}

/// One stage of the harness. Later issues fill a stage in by replacing its file: `run` gets
/// the shared state (the loaded tenant, compiled policies, ...) and returns its figures.
protocol BenchStage {
    /// The name in the report.
    var name: String { get }
    /// The floors this stage's work contains; the report prints its time over each.
    var floors: [Floor] { get }
    func run(_ state: inout BenchState) -> StageOutcome
}

extension BenchStage {
    /// Whether the stage records or queries history in SQLite (`--skip-history` leaves it out).
    var writesHistory: Bool {
        self is NightlyRunStage || self is DailyChurnStage || self is HistoryYearStage || self is ScoreDeltaQueryStage
            || self is ScoreTrendQueryStage
    }
}

/// What stages hand to each other.
struct BenchState {
    var tenantPath: String
    var threads: Int
    var tenant: Tenant?
    var policies: TenantPolicies?
    var results: PolicyResults?
    var assessments: [Assessment]?
    var catalog: RecommendationCatalog?
    /// Policy states the last policy cycle produced (floor (c) inserts this many rows).
    var stateCount: Int?
    /// The year of history the query stages read.
    var historyYearPath: String?
    /// Stage times by name, for combined rows (load + compile + evaluate).
    var seconds: [String: Double] = [:]
}

/// A line of stage detail on stderr (counts, failures); the figures go to stdout.
func progress(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
