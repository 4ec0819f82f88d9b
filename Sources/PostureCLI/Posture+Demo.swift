import ArgumentParser
import Foundation
import PolicyModel

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
            let instant = Instant.or(now)
            let source = try ResultSource(tenant: path, db: nil, at: instant, logger: common.logger())
            print(TenantSummary(tenant: source.tenant, at: instant).render(source: path))
            print("")
            print(DemoEvaluation(source: source).render(tenantPath: path))
        }
    }
}
