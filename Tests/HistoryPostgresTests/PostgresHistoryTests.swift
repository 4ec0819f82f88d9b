import Foundation
import History
import TestSupport
import Testing

@testable import HistoryPostgres

/// A PostgreSQL history on a real server: a database per test in the process's throwaway cluster
/// (`PostgresDatabase`), skipped where PostgreSQL is not installed.
@Suite(.enabled(if: PostgresCluster.available, "PostgreSQL (initdb, pg_ctl) is not installed"))
struct PostgresHistoryTests {
    @Test func aNewDatabaseGetsEverySchemaStepOnceAndKeepsThemOnReopening() throws {
        let database = try PostgresDatabase()
        let location = try PostgresLocation(database.url)
        let steps: Set<String> = [
            "v1", "v2 score delta", "v3 unevaluated policies", "v4 observed", "v5 observed compliance",
            "v6 cycle shards",
        ]
        #expect(try PostgresHistoryDatabase(location).appliedSteps() == steps)
        #expect(try PostgresHistoryDatabase(location).appliedSteps() == steps)
    }

    @Test func aDatabaseWithAnUnknownSchemaStepIsRefused() throws {
        let database = try PostgresDatabase()
        let location = try PostgresLocation(database.url)
        let future = "INSERT INTO schema_steps (name) VALUES ('v9 from the future')"
        try PostgresHistoryDatabase(location).session.execute(future)
        #expect {
            _ = try PostgresHistoryDatabase(location)
        } throws: { error in
            (error as? HistoryError)?.code == .unknownSchema && "\(error)".contains("v9 from the future")
        }
    }

    @Test func theRunLockKeepsASecondRunOutUntilTheFirstReleasesIt() throws {
        let database = try PostgresDatabase()
        let location = try PostgresLocation(database.url)
        var first: PostgresRunLock? = try PostgresRunLock(location, wait: .zero)
        var slept = 0
        #expect {
            _ = try PostgresRunLock(location, wait: .milliseconds(300), sleep: { _ in slept += 1 })
        } throws: { error in
            (error as? HistoryError)?.code == .busy
        }
        #expect(slept == 3)
        withExtendedLifetime(first) {}
        first = nil
        #expect(throws: Never.self) { _ = try PostgresRunLock(location, wait: .zero) }
    }

    @Test func twoHistoriesOnOneServerHaveTheirOwnRunLocks() throws {
        let database = try PostgresDatabase()
        let a = try PostgresRunLock(PostgresLocation(database.url), wait: .zero)
        let second = try PostgresDatabase()
        let other = try PostgresLocation(second.url)
        #expect(throws: Never.self) { _ = try PostgresRunLock(other, wait: .zero) }
        withExtendedLifetime(a) {}
    }
}

struct PostgresLocationTests {
    @Test func aConnectionStringGivesUserHostPortAndDatabase() throws {
        let location = try PostgresLocation("postgres://posture:s%40cret@db.example.net:6543/history")
        #expect(location.user == "posture")
        #expect(location.password == "s@cret")
        #expect(location.host == "db.example.net")
        #expect(location.port == 6543)
        #expect(location.database == "history")
        #expect(location.description == "postgres://posture@db.example.net:6543/history")
        #expect(try PostgresLocation("postgresql://u@h/d").port == 5432)
    }

    @Test(arguments: [
        ("postgres://host/db", "no user"), ("postgres://u@h", "no database"), ("postgres://u@h:0/d", "out of range"),
        ("postgres://u@h/d?sslmode=require", "not supported"), ("history.sqlite", "expected postgres://"),
    ])
    func aMalformedConnectionStringIsRefusedWithTheReason(text: String, reason: String) {
        #expect {
            _ = try PostgresLocation(text)
        } throws: { error in
            (error as? PostgresLocation.Invalid)?.reason.contains(reason) == true
        }
    }

    @Test func aRefusedConnectionStringDoesNotPrintItsPassword() {
        #expect {
            _ = try PostgresLocation("postgres://u:hunter2@h")
        } throws: { error in
            !"\(error)".contains("hunter2") && "\(error)".contains("no database")
        }
    }
}
