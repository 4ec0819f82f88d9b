import ArgumentParser
import PostureCLI

/// The `posture` executable: the commands live in PostureCLI; `export` and `nightly` are asynchronous.
@main
enum PostureMain {
    static func main() async {
        await Posture.main()
    }
}
