import ArgumentParser

/// The `posture` command: track cloud security posture over time.
public struct Posture: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "posture",
        abstract: "Track Azure Policy and Defender for Cloud security posture over time.",
        discussion: """
            Loads a tenant in Azure's own JSON shapes (Resource Graph exports, policy definitions, \
            assignments, exemptions), evaluates Azure Policy offline, and models Defender for Cloud's cycles.
            """,
        version: "0.1.0",
        subcommands: [
            Demo.self, Validate.self, Evaluate.self, Check.self, States.self, Assessments.self, Score.self, Compliance.self,
            Run.self, Simulate.self, Lag.self,
            Scan.self, Ingest.self, HistoryCommand.self, Exemptions.self, MismatchCommand.self, Report.self, Review.self, Generate.self,
        ]
    )

    public init() {}
}
