import Foundation
import PolicyModel
import TenantIO

/// `TenantDirectory.load`: read, parse and validate every file of the tenant.
struct LoadStage: BenchStage {
    let name = "load"
    let floors: [Floor] = [.read, .python]

    func run(_ state: inout BenchState) -> StageOutcome {
        var tenant: Tenant?
        do throws(InputError) {
            var m = Meter.measure(unit: "resources") { 0 }
            let clockStart = ContinuousClock.now
            Meter.resetPeak()
            let loaded = try TenantDirectory(state.tenantPath).load(threads: state.threads)
            let elapsed = ContinuousClock.now - clockStart
            tenant = loaded
            m = Measurement(
                seconds: elapsed.inSeconds,
                items: loaded.resources.count, unit: "resources", peakBytes: Meter.peakResidentBytes())
            state.tenant = tenant
            state.seconds[name] = m.seconds
            return .measured(m)
        } catch {
            return .failed(error.diagnostics.first?.description ?? "the tenant did not load")
        }
    }
}
