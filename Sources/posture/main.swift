import ArgumentParser
import PostureCLI

Posture.main()
