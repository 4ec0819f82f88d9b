import Foundation

/// Locations of the repository's fixtures and of the optional `../shared` folder, for tests.
public enum TestPaths {
    /// The repository root (the folder holding Package.swift).
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `Fixtures/` in the repository.
    public static let fixtures = repositoryRoot.appendingPathComponent("Fixtures")

    /// `../shared` beside the repository, or nil when it is absent (tests that need it skip).
    public static let shared: URL? = {
        let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()

    /// A path under `../shared`, or nil when that folder or the file is absent.
    public static func shared(_ relativePath: String) -> URL? {
        guard let url = shared?.appendingPathComponent(relativePath),
            FileManager.default.fileExists(atPath: url.path)
        else { return nil }
        return url
    }
}
