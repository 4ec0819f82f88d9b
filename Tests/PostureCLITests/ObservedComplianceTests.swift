import Foundation
import JSONCore
import TestSupport
import Testing

/// `posture ingest compliance` and `compliance --source observed` (issue 18 item 5): Defender's
/// regulatory compliance lists as Azure showed them, through the built `posture`.
@Suite struct ObservedComplianceTests {
    static let regulatory =
        "specs/azure-rest-api-specs/specification/security/resource-manager/Microsoft.Security/preview/"
        + "2019-01-01-preview/"
    static let examples = regulatory + "examples/RegulatoryCompliance/"
    static let sub = "/subscriptions/s1/providers/Microsoft.Security/regulatoryComplianceStandards/"

    /// Microsoft's three list examples ingest together (the controls' and assessments' ids name their
    /// standard and control), and `compliance --source observed --format json` prints them back in the
    /// API's shapes, each list valid under `validate.py --strict`, every figure as Azure gave it.
    @Test(
        .enabled(
            if: TestPaths.shared("specs/validate.py") != nil && Python.available,
            "needs ../shared/specs, python3 and jsonschema"))
    func microsoftsExamplesIngestAndPrintBack() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try [
            "getRegulatoryComplianceAssessmentList_example.json", "getRegulatoryComplianceStandardList_example.json",
            "getRegulatoryComplianceControlList_example.json",
        ].map { try #require(TestPaths.shared(Self.examples + $0)).path }
        let ingested = try PostureProcess.run(
            ["ingest", "compliance"] + files + ["--db", "h.sqlite", "--visible-at", "2026-11-01T09:00:00+02:00"],
            in: folder)
        #expect(ingested.code == 0, "\(ingested.stderr)")
        #expect(
            ingested.stdout
                == "recorded 4 standards, 3 controls and 3 assessments as observed compliance cycle 1 (10 changed), "
                + "visible at 2026-11-01T07:00:00Z\n")
        let printed = try PostureProcess.run(
            [
                "compliance", "--source", "observed", "--db", "h.sqlite", "--at", "2026-11-02T00:00:00Z", "--format",
                "json",
            ],
            in: folder)
        #expect(printed.code == 0, "\(printed.stderr)")
        let document = try JSONParser.parse(printed.stdout)
        let writer = JSONWriter(pretty: false)
        for (list, definition, count) in [
            ("regulatoryComplianceStandards", "RegulatoryComplianceStandardList", 4),
            ("regulatoryComplianceControls", "RegulatoryComplianceControlList", 3),
            ("regulatoryComplianceAssessments", "RegulatoryComplianceAssessmentList", 3),
        ] {
            let page = try #require(document[list])
            #expect(page["value"]?.arrayValue?.count == count, "\(list)")
            let verdict = try AzureShapesValidationTests.validate(
                writer.string(page),
                swagger: String(Self.regulatory.dropFirst("specs/".count)) + "regulatoryCompliance.json",
                definition: definition)
            #expect(verdict == "ok", "\(list): \(verdict)")
        }
        // Figures as Azure gave them, though the lists hold fewer members than the counts say.
        let standards = try #require(document["regulatoryComplianceStandards"]?["value"]?.arrayValue)
        let pci = try #require(standards.first { $0["name"]?.stringValue == "PCI-DSS-3.2" })
        #expect(
            pci["id"]?.stringValue
                == "/subscriptions/20ff7fc3-e762-44dd-bd96-b71116dcdc23/providers/Microsoft.Security/"
                + "regulatoryComplianceStandards/PCI-DSS-3.2")
        #expect(pci["properties"]?["state"]?.stringValue == "Failed")
        #expect(pci["properties"]?["passedControls"]?.numberValue == 7)
        #expect(pci["properties"]?["failedControls"]?.numberValue == 4)
        let assessments = try #require(document["regulatoryComplianceAssessments"]?["value"]?.arrayValue)
        let skipped = try #require(
            assessments.first { $0["name"]?.stringValue == "3bcd234d-c9c7-c2a2-89e0-c01f419c1a8a" })
        #expect(skipped["properties"]?["skippedResources"]?.numberValue == 10)
        #expect(
            skipped["properties"]?["assessmentDetailsLink"]?.stringValue
                == "https://management.azure.com/subscriptions/a27e854a-8578-4395-8eaf-6fc7849f3050/providers/"
                + "Microsoft.Security/securityStatuses/3bcd234d-c9c7-c2a2-89e0-c01f419c1a8a")
        // `drift` on a history of observed compliance alone: every control is observedOnly, in its own
        // JSON section beside the unchanged assessment fields, and in the table.
        let drift = try PostureProcess.run(
            ["drift", "--db", "h.sqlite", "--at", "2026-11-02T00:00:00Z", "--format", "json"], in: folder)
        #expect(drift.code == 0, "\(drift.stderr)")
        let report = try JSONParser.parse(drift.stdout)
        #expect(report["pairs"]?["compared"]?.numberValue == 0)
        #expect(report["disagreements"]?.arrayValue?.isEmpty == true)
        #expect(report["controls"]?["observedOnly"]?.numberValue == 3)
        #expect(report["controls"]?["compared"]?.numberValue == 0)
        let controls = try #require(report["controlDisagreements"]?.arrayValue)
        #expect(controls.map { $0["control"]?.stringValue } == ["1.1", "2", "2.1"])
        #expect(controls.allSatisfy { $0["reason"]?.stringValue == "observedOnly" && $0["model"] == .null })
        #expect(controls.first?["standard"]?.stringValue == "PCI-DSS-3.2")
        #expect(controls.first?["observed"]?.stringValue == "Failed")
        let table = try PostureProcess.run(["drift", "--db", "h.sqlite", "--at", "2026-11-02T00:00:00Z"], in: folder)
        #expect(table.stdout.contains("Regulatory controls: 0 of 3 agree (0 differ, 0 model only, 3 observed only)"))
        // Before the ingest nothing is visible: said in one line, exit 2.
        let before = try PostureProcess.run(
            ["compliance", "--source", "observed", "--db", "h.sqlite", "--at", "2026-11-01T06:00:00Z"], in: folder)
        #expect(before.code == 2, "\(before.stderr)")
        // The same lists again, an hour later: nothing changed.
        let again = try PostureProcess.run(
            ["ingest", "compliance"] + files + ["--db", "h.sqlite", "--observed-at", "2026-11-01T08:00:00Z"],
            in: folder)
        #expect(again.stdout.contains("observed compliance cycle 2 (0 changed)"), "\(again.stdout) \(again.stderr)")
    }

    /// Bad input: one line naming the file and the JSON path, exit 2, the history untouched; a missing or
    /// zoneless instant is bad usage (exit 64).
    @Test func badInputIsRefusedWithItsPathAndChangesNothing() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let standard =
            #"{"id": "\#(Self.sub)STD", "name": "STD", "type": "Microsoft.Security/regulatoryComplianceStandard", "#
            + #""properties": {"state": "Passed", "passedControls": 1, "failedControls": 0, "skippedControls": 0, "#
            + #""unsupportedControls": 0}}"#
        let control = { (name: String, properties: String) in
            #"{"id": "\#(Self.sub)STD/regulatoryComplianceControls/\#(name)", "name": "\#(name)", "#
                + #""properties": \#(properties)}"#
        }
        let good = #"{"value": [\#(standard), \#(control("1.1", #"{"state": "Passed", "passedAssessments": 1}"#))]}"#
        try Data(good.utf8).write(to: folder.appendingPathComponent("good.json"))
        let first = try PostureProcess.run(
            ["ingest", "compliance", "good.json", "--db", "h.sqlite", "--visible-at", "2026-11-01T00:00:00Z"],
            in: folder)
        #expect(first.code == 0, "\(first.stderr)")
        let dump = try PostureProcess.run(["history", "dump", "--db", "h.sqlite"], in: folder).stdout
        #expect(dump.contains("# observed_compliance"))
        let cases: [(String, String)] = [
            (
                #"{"value": [\#(standard), \#(control("1.1", #"{"state": "Green"}"#))]}"#,
                "bad.json:$.value[1].properties.state: expected Passed, Failed, Skipped or Unsupported, found 'Green'"
            ),
            (
                #"{"value": [\#(standard), \#(control("1.1", #"{"state": "Passed", "passedAssessments": "7"}"#))]}"#,
                "bad.json:$.value[1].properties.passedAssessments: expected a number, found string"
            ),
            (
                #"{"value": [\#(standard), \#(control("1.1", #"{"state": "Failed", "failedAssessments": -1}"#))]}"#,
                "bad.json:$.value[1].properties.failedAssessments: expected a whole number from 0 to 2147483647, "
                    + "found -1.0"
            ),
            (
                #"{"value": [\#(standard), \#(control("1.1", #"{"state": "Failed", "failedAssessments": null}"#))]}"#,
                "bad.json:$.value[1].properties.failedAssessments: expected a whole number from 0 to 2147483647, "
                    + "found null"
            ),
            (
                #"{"value": [\#(standard), \#(control("1.1", #"{"state": "Failed", "failedAssessments": 3e9}"#))]}"#,
                "bad.json:$.value[1].properties.failedAssessments: expected a whole number from 0 to 2147483647, "
                    + "found 3000000000.0"
            ),
            (
                #"{"value": [\#(control("1.1", #"{"state": "Passed"}"#))]}"#,
                "bad.json:$.value[0].id: its standard STD is in no regulatoryComplianceStandards list of this "
                    + "ingest (subscription s1)"
            ),
            (
                #"{"value": [\#(standard), "#
                    + #"{"id": "\#(Self.sub)STD/regulatoryComplianceControls/9/regulatoryComplianceAssessments/a", "#
                    + #""properties": {"state": "Passed"}}]}"#,
                "bad.json:$.value[1].id: its control 9 of standard STD is in no regulatoryComplianceControls list "
                    + "of this ingest (subscription s1)"
            ),
            (
                #"{"value": [\#(standard), \#(control("1.1", #"{"state": "Passed"}"#)), "#
                    + #"\#(control("1.1", #"{"state": "Failed"}"#))]}"#,
                "bad.json:$.value[2].id: a second, different regulatoryComplianceControl with this id "
                    + "(the first is bad.json:$.value[1])"
            ),
            (
                #"{"value": [{"id": "/subscriptions/s1/providers/Microsoft.Security/assessments/k", "#
                    + #""properties": {"state": "Passed"}}]}"#,
                "bad.json:$.value[0].id: '/subscriptions/s1/providers/Microsoft.Security/assessments/k' is not the "
                    + "id of a regulatory compliance standard, control or assessment "
                    + "(/subscriptions/{id}/providers/Microsoft.Security/regulatoryComplianceStandards/{name}...)"
            ),
            (
                #"{"value": [{"id": "\#(Self.sub)STD", "name": "OTHER", "properties": {"state": "Passed"}}]}"#,
                "bad.json:$.value[0].name: 'OTHER' is not the last name of the id"
            ),
            (#"{"value": []}"#, "bad.json:$: no regulatory compliance items to record"),
        ]
        for (text, message) in cases {
            try Data(text.utf8).write(to: folder.appendingPathComponent("bad.json"))
            let refused = try PostureProcess.run(
                ["ingest", "compliance", "bad.json", "--db", "h.sqlite", "--visible-at", "2026-11-02T00:00:00Z"],
                in: folder)
            #expect(refused.code == 2, "\(text): \(refused.stderr)")
            #expect(refused.stderr == message + "\n", "\(text)")
        }
        // Identical duplicates (pages that overlap) are kept once.
        let twice = #"{"value": [\#(standard), \#(standard)]}"#
        try Data(twice.utf8).write(to: folder.appendingPathComponent("twice.json"))
        for (arguments, code) in [
            (["ingest", "compliance", "good.json", "--db", "h.sqlite"], Int32(64)),
            (["ingest", "compliance", "good.json", "--db", "h.sqlite", "--visible-at", "2026-11-02T00:00:00"], 64),
            (["ingest", "compliance", "--db", "h.sqlite", "--visible-at", "2026-11-02T00:00:00Z"], 64),
        ] {
            let refused = try PostureProcess.run(arguments, in: folder)
            #expect(refused.code == code, "\(arguments): \(refused.stderr)")
        }
        #expect(try PostureProcess.run(["history", "dump", "--db", "h.sqlite"], in: folder).stdout == dump)
        let kept = try PostureProcess.run(
            ["ingest", "compliance", "twice.json", "--db", "h.sqlite", "--visible-at", "2026-11-02T00:00:00Z"],
            in: folder)
        #expect(kept.stdout.hasPrefix("recorded 1 standard, 0 controls and 0 assessments"), "\(kept.stderr)")
    }
}
