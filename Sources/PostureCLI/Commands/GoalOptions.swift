import ArgumentParser
import HistoryQueries

/// Where the goals of the monthly review come from: `--goals FILE`, or goals.yaml in `--tenant DIR`
/// (beside owners.json).
struct GoalOptions: ParsableArguments {
    @Option(help: "The goals file (YAML, Docs/Queries.md); default: goals.yaml in --tenant's directory, when there.")
    var goals: String?

    @Option(help: "The tenant directory whose goals.yaml (beside owners.json) to use.")
    var tenant: String?

    /// The goals read and validated (exit 2 with every problem), nil when none are given.
    func load() throws -> (path: String, goals: [Goal])? {
        try ReviewOutput.goals(file: goals, tenantDirectory: tenant)
    }
}
