import Foundation

/// Where the embedded demo files live: under the current directory (how `swift run posture demo`
/// is used), else beside these sources.
enum DemoFiles {
    /// The demo month over `Fixtures/demo-tenant`.
    static let scenario = "Fixtures/scenarios/demo.json"

    static func find(_ relativePath: String) -> String? {
        let fm = FileManager.default
        let local = fm.currentDirectoryPath + "/" + relativePath
        if fm.fileExists(atPath: local) { return local }
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let beside = url.appendingPathComponent(relativePath).path
        return fm.fileExists(atPath: beside) ? beside : nil
    }
}
