import Foundation
import TestSupport
import Testing

@testable import PostureCLI

/// What a user notices (issue 15 item 11).
@Suite struct SmallThingsTests {
    @Test func countsHaveTheirNounsInTheRightNumber() {
        #expect(Plural.count(1, "cycle") == "1 cycle")
        #expect(Plural.count(0, "cycle") == "0 cycles")
        #expect(Plural.count(1, "alias", plural: "aliases") == "1 alias")
        #expect(Plural.count(2, "alias", plural: "aliases") == "2 aliases")
    }

    @Test func runPrintsItsCyclesInAlignedColumns() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try PostureProcess.run(
            [
                "run", "--tenant", PostureProcess.tenant, "--schedule", PostureProcess.schedule, "--db", "h.sqlite",
                "--now",
                "2026-11-02T12:00:00Z",
            ], in: folder)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("3 cycles executed"))
        let rows = lines.filter { $0.hasPrefix("  ") }
        #expect(rows.count == 4)
        // Every row's "visible" column starts where the header's does.
        let column = try #require(rows.first?.range(of: "visible")?.lowerBound).utf16Offset(in: rows[0])
        for row in rows.dropFirst() {
            #expect(row.dropFirst(column).hasPrefix("2026-11-02T"), "\(row)")
        }
    }

    @Test func aBogusComplianceStateIsRefused() throws {
        let result = try PostureProcess.run(
            ["states", PostureProcess.tenant, "--compliance-state", "Bogus"], in: TestPaths.repositoryRoot)
        #expect(result.code == 64)
        #expect(result.stderr.contains("is not one of NonCompliant"))
        let exempt = try PostureProcess.run(
            [
                "states", PostureProcess.tenant, "--compliance-state", "exempt", "--format", "csv", "--at",
                "2026-11-20T00:00:00Z",
            ],
            in: TestPaths.repositoryRoot)
        #expect(exempt.code == 0)
        #expect(exempt.stdout.split(separator: "\n").count > 1)
    }

    @Test func assessmentsOnTheSpotKeepAFindingsOwnDates() throws {
        let result = try PostureProcess.run(
            ["assessments", PostureProcess.tenant, "--format", "json", "--at", "2026-11-20T00:00:00Z"],
            in: TestPaths.repositoryRoot)
        #expect(result.code == 0)
        // findings.json: firstEvaluationDate 2024-02-21T03:10:44.1203311Z, statusChangeDate 2026-10-08T02:55:17.4409122Z.
        #expect(result.stdout.contains("\"firstEvaluationDate\": \"2024-02-21T03:10:44.120Z\""))
        #expect(result.stdout.contains("\"statusChangeDate\": \"2026-10-08T02:55:17.441Z\""))
    }

    @Test func theDemoRefusesAMissingParentAndNamesItsBinary() throws {
        let result = try PostureProcess.run(
            ["demo", "--out", "/nonexistent-posture-parent/dir"], in: TestPaths.repositoryRoot)
        #expect(result.code == 74)
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-posture-parent"))
        #expect(DemoTour.invokedCommand == "posture", "a test bundle is not the posture binary")
    }

    @Test func aNumberColumnWithBlanksStaysRightAligned() {
        var table = TextTable(["seq", "tenantVersion", "source"])
        table.append(["9", "1", "engine"])
        table.append(["10", "", "ingest"])
        table.append(["11", "12", "engine"])
        #expect(
            table.render() == """
                seq  tenantVersion  source
                  9              1  engine
                 10                 ingest
                 11             12  engine
                """)
    }
}
