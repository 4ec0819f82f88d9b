import History
import HistoryQueries
import HistoryTestSupport
import PolicyModel
import Testing

@Suite struct TenantAtTests {
    @Test(arguments: Backend.all) func theTenantAtAnInstantIsTheVersionObservedByThen(_ backend: Backend) throws {
        let store = try DemoHistory.store(backend)
        let before = try #require(try store.tenant(at: DemoHistory.date("2026-11-12T08:59:59Z")))
        let after = try #require(try store.tenant(at: DemoHistory.date("2026-11-12T09:00:00Z")))
        #expect(before.subscriptions.count == 3)
        #expect(after.subscriptions.map(\.displayName).contains("contoso-corp-test"))
        let earliest = try #require(try store.tenant(at: DemoHistory.date("2026-10-01T00:00:00Z")))
        #expect(earliest.subscriptions.count == 3)
    }
}
