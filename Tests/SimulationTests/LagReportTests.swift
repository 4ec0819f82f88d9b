import Foundation
import JSONCore
import PolicyModel
import Scheduling
import Simulation
import Testing

/// Lags computed by hand from the shipped schedules, checked against scenarios played through the
/// real runner over the demo tenant.
///
/// Observed (Europe/Helsinki; UTC+2 in November): policy 07:00 local = 05:00Z, visible 07:00Z;
/// Defender 08:00Z, visible 09:00Z; score 02:00Z, 10:00Z, 18:00Z.
/// Documented (UTC): policy 00:00, visible 01:00, a changed resource visible 15 minutes after the
/// change; Defender 02:00 and 14:00, visible an hour later; score 00:00, 08:00, 16:00.
@Suite struct LagReportTests {
    typealias F = LagFixture

    /// One event of each kind, a definition and assignment of a custom policy that reads Defender's
    /// published assessment, a change the score ignores, a change nothing evaluates, and a change
    /// undone an hour later.
    static func events() throws -> [(String, ScenarioEvent.Change)] {
        [
            F.event("2026-11-01T00:00:00Z", F.customUpdatesDefinition),  // 0
            F.event("2026-11-01T00:00:00Z", F.customUpdatesAssignment),  // 1
            F.event(
                "2026-11-03T10:00:00Z",
                try F.resource(F.portal) { p in  // 2: fixes webAppMinTls
                    var config = p["siteConfig"]?.objectValue ?? JSONObject()
                    config["minTlsVersion"] = "1.2"
                    p["siteConfig"] = .object(config)
                }),
            F.event("2026-11-03T11:00:00Z", try F.resource(F.api) { $0["httpsOnly"] = false }),  // 3: a regression
            F.event("2026-11-04T08:30:00Z", .delete(ResourceID(F.vmDb))),  // 4
            F.event("2026-11-05T12:00:00Z", F.waiver(on: F.keyVault, name: "kv-waiver")),  // 5
            F.event("2026-11-06T09:00:00Z", F.updatesFinding(F.vmApp, "Healthy")),  // 6
            F.event("2026-11-08T06:00:00Z", F.waiver(on: F.storage, name: "st-waiver")),  // 7
            F.event("2026-11-08T06:00:00Z", .scan),  // 8
            F.event(
                "2026-11-08T12:00:00Z",
                .put([  // 9: nothing evaluates deployments
                    "id": .string(
                        F.corpProd + "/resourceGroups/rg-crm-prod-neu/providers/Microsoft.Resources/deployments/d1"),
                    "type": "Microsoft.Resources/deployments", "name": "d1",
                ])),
            F.event("2026-11-09T10:00:00Z", try F.resource(F.api) { $0["httpsOnly"] = true }),  // 10: undone by 11
            F.event("2026-11-09T11:00:00Z", try F.resource(F.api) { $0["httpsOnly"] = false }),  // 11
        ]
    }

    static let scoreIgnoresIt =
        "the secure score did not change: no resource changed health in a scored control (custom, preview and unscored recommendations do not count)"

    /// Observed. 0, 1: the definition and assignment at the scenario's start show in the first chain
    /// (policy 05:00Z → 07:00Z, Defender 08:00Z → 09:00Z, score 10:00Z). 2–5: a change after the
    /// day's policy cycle shows at the next day's 07:00Z, 09:00Z, 10:00Z. 6: the finding at 09:00Z
    /// misses that day's Defender cycle (08:00Z): Defender publishes it on 7 Nov at 09:00Z, the score
    /// follows at 10:00Z, the next policy cycle (8 Nov 05:00Z) reads it at 07:00Z, and the custom
    /// recommendation follows with that day's Defender cycle at 09:00Z. 7, 8: a scan at 06:00Z is
    /// visible at 08:00Z, just in time for Defender's 08:00Z cycle. 10 is undone by 11 before any cycle.
    @Test func eachEventKindOnTheObservedSchedule() throws {
        let report = try F.lags(
            try Self.events(), schedule: try F.shipped("azure-observed.yaml"), end: "2026-11-11T00:00:00Z")
        #expect(
            report.events.map(\.summary) == [
                "2026-11-01T07:00:00Z PT7H | 2026-11-01T09:00:00Z PT9H | 2026-11-01T10:00:00Z PT10H",
                "2026-11-01T07:00:00Z PT7H | 2026-11-01T09:00:00Z PT9H | 2026-11-01T10:00:00Z PT10H",
                "2026-11-04T07:00:00Z PT21H | 2026-11-04T09:00:00Z PT23H | -",
                "2026-11-04T07:00:00Z PT20H | 2026-11-04T09:00:00Z PT22H | 2026-11-04T10:00:00Z PT23H",
                "2026-11-05T07:00:00Z PT22H30M | 2026-11-05T09:00:00Z PT24H30M | 2026-11-05T10:00:00Z PT25H30M",
                "2026-11-06T07:00:00Z PT19H | 2026-11-06T09:00:00Z PT21H | 2026-11-06T10:00:00Z PT22H",
                "2026-11-08T07:00:00Z PT46H | 2026-11-07T09:00:00Z PT24H | 2026-11-07T10:00:00Z PT25H | 2026-11-08T09:00:00Z PT48H",
                "2026-11-08T08:00:00Z PT2H | 2026-11-08T09:00:00Z PT3H | 2026-11-08T10:00:00Z PT4H",
                "2026-11-08T08:00:00Z PT2H | 2026-11-08T09:00:00Z PT3H | 2026-11-08T10:00:00Z PT4H",
                "- | - | -",
                "- | - | -",
                "- | - | -",
            ])
        #expect(
            report.events.map(\.reason) == [
                nil, nil, Self.scoreIgnoresIt, nil, nil, nil, nil, nil, nil,
                "not applicable: no assigned policy evaluates it",
                "event 11 changed the same object before a cycle could show this one",
                "no policy state changed",
            ])
        #expect(
            report.events.map(\.kind) == [
                "put", "put", "put", "put", "delete", "put", "finding", "put", "scan", "put", "put", "put",
            ])
    }

    /// Documented. 0, 1: the standard cycle at 00:00 starts exactly at the events and shows them at
    /// 01:00; Defender 02:00 → 03:00; the score at 08:00. 2–4: a changed resource shows 15 minutes
    /// later, in Defender's 14:00 cycle at 15:00, in the score at 16:00. 5: an exemption change
    /// re-evaluates its scope 15 minutes later too (DOMAIN.md, "Cadence and lag"), so it reaches Defender
    /// within the documented "up to 24 hours". 6: Defender's 14:00 cycle publishes the finding at 15:00
    /// (score 16:00); the next policy cycle (00:00) reads it at 01:00, the custom recommendation at
    /// Defender's 02:00 cycle, 03:00. 7: the exemption at 06:00 shows at 06:15 in its change cycle, so
    /// 8: the scan at 06:00 (visible 07:00) has nothing left to show. 10, 11: each change shows after
    /// 15 minutes, but by Defender's 14:00 cycle they cancel out.
    @Test func eachEventKindOnTheDocumentedSchedule() throws {
        let report = try F.lags(
            try Self.events(), schedule: try F.shipped("azure-documented.yaml"), end: "2026-11-11T00:00:00Z")
        #expect(
            report.events.map(\.summary) == [
                "2026-11-01T01:00:00Z PT1H | 2026-11-01T03:00:00Z PT3H | 2026-11-01T08:00:00Z PT8H",
                "2026-11-01T01:00:00Z PT1H | 2026-11-01T03:00:00Z PT3H | 2026-11-01T08:00:00Z PT8H",
                "2026-11-03T10:15:00Z PT15M | 2026-11-03T15:00:00Z PT5H | -",
                "2026-11-03T11:15:00Z PT15M | 2026-11-03T15:00:00Z PT4H | 2026-11-03T16:00:00Z PT5H",
                "2026-11-04T08:45:00Z PT15M | 2026-11-04T15:00:00Z PT6H30M | 2026-11-04T16:00:00Z PT7H30M",
                "2026-11-05T12:15:00Z PT15M | 2026-11-05T15:00:00Z PT3H | 2026-11-05T16:00:00Z PT4H",
                "2026-11-07T01:00:00Z PT16H | 2026-11-06T15:00:00Z PT6H | 2026-11-06T16:00:00Z PT7H | 2026-11-07T03:00:00Z PT18H",
                "2026-11-08T06:15:00Z PT15M | 2026-11-08T15:00:00Z PT9H | 2026-11-08T16:00:00Z PT10H",
                "- | - | -",
                "- | - | -",
                "2026-11-09T10:15:00Z PT15M | - | -",
                "2026-11-09T11:15:00Z PT15M | - | -",
            ])
        #expect(
            report.events[8].reason == "no policy state changed: the tenant had no change pending for the scan to show")
        #expect(
            report.events[10].reason
                == "no assessment changed (no recommendation reads the changed policy states, or its status stayed the same)"
        )
    }
}
