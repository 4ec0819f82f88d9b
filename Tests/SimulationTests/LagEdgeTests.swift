import Foundation
import JSONCore
import PolicyModel
import Scheduling
import Simulation
import Testing

/// Lags across daylight saving changes, for events exactly at a cycle's start, and with cycles that
/// take no time. Hand-computed from the schedules (see LagReportTests for their UTC times).
@Suite struct LagEdgeTests {
    typealias F = LagFixture

    static func dstEvents(_ day: String) -> [(String, ScenarioEvent.Change)] {
        [
            F.event(day + "T10:00:00Z", .delete(ResourceID(F.vmDb))),
            F.event(day + "T10:00:00Z", F.updatesFinding(F.vmApp, "Healthy")),
        ]
    }

    static let noCustom = "no custom-policy recommendation is fed by the policies that read it"

    /// Helsinki falls back on 25 October 2026 (04:00 EEST → 03:00 EET at 01:00Z). A change on the
    /// 24th at 10:00Z misses that day's cycles (policy 04:00Z, Defender 07:00Z in summer time) and
    /// shows in the winter-time cycles of the 25th: policy 05:00Z → 07:00Z (21 h, an hour more than
    /// in summer), Defender 08:00Z → 09:00Z, score 12:00 EET = 10:00Z. The finding: Defender publishes
    /// it at 09:00Z on the 25th, policy reads it on the 26th (05:00Z → 07:00Z).
    @Test func fallBackAddsAnHourOnTheObservedSchedule() throws {
        let report = try F.lags(
            Self.dstEvents("2026-10-24"), schedule: try F.shipped("azure-observed.yaml"), start: "2026-10-20T00:00:00Z",
            end: "2026-10-30T00:00:00Z")
        #expect(
            report.events.map(\.summary) == [
                "2026-10-25T07:00:00Z PT21H | 2026-10-25T09:00:00Z PT23H | 2026-10-25T10:00:00Z PT24H",
                "2026-10-26T07:00:00Z PT45H | 2026-10-25T09:00:00Z PT23H | 2026-10-25T10:00:00Z PT24H | -",
            ])
        #expect(report.events[1].reason == Self.noCustom)
    }

    /// Helsinki springs forward on 29 March 2026 (03:00 EET → 04:00 EEST at 01:00Z): the 28th's change
    /// shows in the summer-time cycles of the 29th, policy 04:00Z → 06:00Z (20 h), Defender 07:00Z →
    /// 08:00Z, score 12:00 EEST = 09:00Z.
    @Test func springForwardTakesAnHourOffOnTheObservedSchedule() throws {
        let report = try F.lags(
            Self.dstEvents("2026-03-28"), schedule: try F.shipped("azure-observed.yaml"), start: "2026-03-25T00:00:00Z",
            end: "2026-04-01T00:00:00Z")
        #expect(
            report.events.map(\.summary) == [
                "2026-03-29T06:00:00Z PT20H | 2026-03-29T08:00:00Z PT22H | 2026-03-29T09:00:00Z PT23H",
                "2026-03-30T06:00:00Z PT44H | 2026-03-29T08:00:00Z PT22H | 2026-03-29T09:00:00Z PT23H | -",
            ])
    }

    /// The documented schedule is in UTC: the same changes on the fall-back weekend take their usual
    /// time (15 minutes, Defender 14:00 → 15:00, score 16:00; the finding reaches policy at 00:00 → 01:00).
    @Test func theDocumentedScheduleIgnoresDaylightSaving() throws {
        let report = try F.lags(
            Self.dstEvents("2026-10-24"), schedule: try F.shipped("azure-documented.yaml"),
            start: "2026-10-20T00:00:00Z",
            end: "2026-10-30T00:00:00Z")
        #expect(
            report.events.map(\.summary) == [
                "2026-10-24T10:15:00Z PT15M | 2026-10-24T15:00:00Z PT5H | 2026-10-24T16:00:00Z PT6H",
                "2026-10-25T01:00:00Z PT15H | 2026-10-24T15:00:00Z PT5H | 2026-10-24T16:00:00Z PT6H | -",
            ])
    }

    /// An event exactly at a policy cycle's start (05:00Z) is in that cycle; a second later, it waits a day.
    @Test func anEventAtAPolicyCycleStartIsInThatCycleOnTheObservedSchedule() throws {
        let report = try F.lags(
            [
                F.event("2026-11-03T05:00:00Z", try F.resource(F.api) { $0["httpsOnly"] = false }),
                F.event("2026-11-03T05:00:01Z", .delete(ResourceID(F.vmDb))),
            ], schedule: try F.shipped("azure-observed.yaml"))
        #expect(
            report.events.map(\.summary) == [
                "2026-11-03T07:00:00Z PT2H | 2026-11-03T09:00:00Z PT4H | 2026-11-03T10:00:00Z PT5H",
                "2026-11-04T07:00:00Z PT25H59M59S | 2026-11-04T09:00:00Z PT27H59M59S | 2026-11-04T10:00:00Z PT28H59M59S",
            ])
    }

    /// On the documented schedule a changed resource shows after 15 minutes, and so does an exemption: its
    /// change re-evaluates the subjects at its scope (DOMAIN.md, "an exemption change re-evaluates the
    /// assignment at that scope"). Both show in Defender at 03:00, within the documented "up to 24 hours".
    /// The second waiver's change cycle starts during the 00:00 standard cycle, whose older result for the
    /// storage account must not hide it from the 02:00 Defender cycle.
    @Test func anEventAtAPolicyCycleStartIsInThatCycleOnTheDocumentedSchedule() throws {
        let report = try F.lags(
            [
                F.event("2026-11-05T00:00:00Z", F.waiver(on: F.keyVault, name: "kv-waiver")),
                F.event("2026-11-05T00:00:01Z", F.waiver(on: F.storage, name: "st-waiver")),
            ], schedule: try F.shipped("azure-documented.yaml"))
        #expect(
            report.events.map(\.summary) == [
                "2026-11-05T00:15:00Z PT15M | 2026-11-05T03:00:00Z PT3H | 2026-11-05T08:00:00Z PT8H",
                "2026-11-05T00:15:01Z PT15M | 2026-11-05T03:00:00Z PT2H59M59S | 2026-11-05T08:00:00Z PT7H59M59S",
            ])
        #expect(report.events.map(\.reason) == [nil, nil])
    }

    /// Cycles that take no time are visible the instant they start: an event at that instant is still
    /// in them (the simulator applies events before running the cycles visible at their instant).
    @Test func anEventAtTheStartOfAnInstantCycleIsInIt() throws {
        let schedule = try Schedule(
            yaml: """
                timeZone: UTC
                policy:   {at: "05:00", every: 24h, duration: 0s, onChange: off}
                defender: {at: "06:00", every: 24h, duration: 0s}
                score:    {at: "07:00", every: 24h}
                """, file: "instant.yaml")
        let report = try F.lags([F.event("2026-11-03T05:00:00Z", .delete(ResourceID(F.vmDb)))], schedule: schedule)
        #expect(
            report.events.map(\.summary) == [
                "2026-11-03T05:00:00Z PT0S | 2026-11-03T06:00:00Z PT1H | 2026-11-03T07:00:00Z PT2H"
            ])
    }

    /// Defender's metadata moves the score without a policy cycle: making the MFA recommendation a
    /// preview drops the MFA control from the score at the next computation (observed: 18:00Z), and
    /// halving a control's points does the same; no assessment changes status.
    @Test func recommendationAndControlMetadataMoveTheScoreAtItsNextComputation() throws {
        let tenant = try F.tenant.get()
        let mfa = "94290b00-4d0c-d7b4-7cea-064a9554e681"
        var recommendation = try #require(tenant.recommendations.first { $0.key == mfa }?.json.objectValue)
        var properties = try #require(recommendation["properties"]?.objectValue)
        properties["preview"] = true
        recommendation["properties"] = .object(properties)
        var control = try #require(tenant.controls.first { $0.assessmentKeys.contains(mfa) }?.json.objectValue)
        var controlProperties = try #require(control["properties"]?.objectValue)
        controlProperties["maxScore"] = 5
        control["properties"] = .object(controlProperties)
        let report = try F.lags(
            [
                F.event("2026-11-03T11:00:00Z", .put(.object(recommendation))),
                F.event("2026-11-04T11:00:00Z", .put(.object(control))),
            ],
            schedule: try F.shipped("azure-observed.yaml"))
        #expect(
            report.events.map(\.summary) == [
                "- | - | 2026-11-03T18:00:00Z PT7H",
                "- | - | 2026-11-04T18:00:00Z PT7H",
            ])
        #expect(
            report.events.map(\.reason) == [
                "policy: not applicable: Defender's metadata is read by Defender and the score, not by Azure Policy; defender: no assessment of the recommendation changed",
                "policy: not applicable: Defender's metadata is read by Defender and the score, not by Azure Policy; defender: not applicable: a secure score control is read by the score computation only",
            ])
    }

    /// A diagnostic setting is what the App Service resource-logs policy (AuditIfNotExists) looks
    /// for: adding one to app-payments-api-dev (README row 9, NonCompliant for want of one) shows on
    /// the app's rows, through the usual chain (observed: 07:00Z, 09:00Z; its only unhealthy scored
    /// control is auditing and logging, so the score moves at 10:00Z).
    @Test func aDiagnosticSettingShowsOnTheResourceItExtends() throws {
        let tenant = try F.tenant.get()
        let prodSetting = "/providers/microsoft.insights/diagnosticSettings/send-to-law"
        var setting = try #require(
            tenant.resources.first { $0.id == ResourceID(F.api + prodSetting) }?.json.objectValue)
        let devApp =
            "/subscriptions/ae354339-4fc6-4e07-97c1-83500eb29e30/resourceGroups/rg-payments-dev-weu/providers/Microsoft.Web/sites/app-payments-api-dev"
        setting["id"] = .string(devApp + prodSetting)
        let report = try F.lags(
            [F.event("2026-11-03T10:00:00Z", .put(.object(setting)))], schedule: try F.shipped("azure-observed.yaml"))
        #expect(
            report.events.map(\.summary) == [
                "2026-11-04T07:00:00Z PT21H | 2026-11-04T09:00:00Z PT23H | 2026-11-04T10:00:00Z PT24H"
            ])
    }
}
