import ArgumentParser
import Commands

/// The executable only forwards to the commands library.
@main
enum Entry {
    static func main() async {
        await Drydock.launch()
    }
}
