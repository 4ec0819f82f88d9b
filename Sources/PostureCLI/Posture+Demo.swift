import ArgumentParser
import Foundation
import PolicyModel
import TenantIO

extension Posture {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tour PostureSync on the embedded demo tenant (Fixtures/demo-tenant).")

        @Option(help: "Use this tenant directory instead of the embedded demo tenant.")
        var tenant: String?

        @Option(help: "The instant to describe the tenant at (ISO 8601, UTC); default: now.")
        var now: Instant?

        @OptionGroup var common: CommonOptions

        func run() throws {
            guard let path = tenant ?? DemoTenantLocation.find() else {
                Failure.printError("posture: cannot find \(DemoTenantLocation.relativePath); run from the repository root or pass --tenant DIR")
                throw Failure.invalidInput
            }
            let loaded: Tenant
            do {
                loaded = try TenantDirectory(path).load(logger: common.logger())
            } catch {
                throw Failure.report(error)
            }
            let instant = now?.date ?? Date()
            print(TenantSummary(tenant: loaded, at: instant).render(source: path))
        }
    }
}
