import AzureExport
import Foundation
import TestSupport
import Testing

@testable import PostureCLI

@Suite("The nightly configuration and the shipped units")
struct NightlyConfigTests {
    let schedules = TestPaths.repositoryRoot.appendingPathComponent("Schedules")

    @Test("Schedules/nightly.yaml reads as documented")
    func shippedConfigReads() throws {
        let config = try NightlyConfig.load(path: schedules.appendingPathComponent("nightly.yaml").path)
        #expect(config.scope == .managementGroup("contoso"))
        #expect(config.tenant == "/var/lib/posturesync/tenant")
        #expect(config.keepExports == 7)
        #expect(config.metrics == "/var/lib/prometheus/node-exporter/posturesync.prom")
        #expect(config.observed == false)
        #expect(config.wait == 600)
        #expect(config.az == nil)
    }

    @Test("Relative paths are read from the file's folder; a subscription list is a scope")
    func relativePathsAndSubscriptions() throws {
        let yaml = """
            scope: {subscriptions: [a, b]}
            directories: {tenant: t}
            db: h.sqlite
            schedule: ../s.yaml
            az: az
            """
        let config = try NightlyConfig(yaml: yaml, file: "n.yaml", base: URL(fileURLWithPath: "/etc/p"))
        #expect(config.scope == .subscriptions(["a", "b"]))
        #expect(config.tenant == "/etc/p/t")
        #expect(config.schedule == "/etc/s.yaml")
        #expect(config.az == "az")
        #expect(config.keepExports == 0)
    }

    @Test(
        "A wrong setting is named",
        arguments: [
            ("scope: {managementGroup: m, subscriptions: [a]}\ndirectories: {tenant: t}\ndb: d\nschedule: s", "scope"),
            ("scope: {managementGroup: m}\ndirectories: {tenant: t}\ndb: d\nschedule: s\nwait: -1", "wait"),
            (
                "scope: {managementGroup: m}\ndirectories: {tenant: t, reports: r}\ndb: d\nschedule: s",
                "directories.reports"
            ),
            ("scope: {managementGroup: m}\ndirectories: {tenant: t}\nschedule: s", "db"),
            (
                "scope: {managementGroup: m}\ndirectories: {tenant: t}\ndb: d\nschedule: s\nobserved: yes please",
                "observed"
            ),
        ])
    func wrongSettingNamed(yaml: String, key: String) {
        #expect {
            _ = try NightlyConfig(yaml: yaml, file: "n.yaml", base: URL(fileURLWithPath: "/"))
        } throws: { error in
            (error as? NightlyConfig.Problem)?.key == key
        }
    }

    @Test("The crontab line and the service call posture nightly")
    func unitsCallNightly() throws {
        for file in ["posture-run.crontab", "posture-run.service"] {
            let text = try String(contentsOf: schedules.appendingPathComponent(file), encoding: .utf8)
            #expect(
                text.contains("/usr/local/bin/posture nightly --config /etc/posturesync/nightly.yaml --quiet"),
                "\(file)")
        }
    }
}
