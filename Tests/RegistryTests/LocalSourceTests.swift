import Archive
import Foundation
import OCI
import Registry
import TestSupport
import Testing

private func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct LocalSourceTests {
    @Test func readsOCILayout() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let built = try sampleImage(compression: .zstd)
        try built.writeOCILayout(to: directory, tag: "v1")
        let source = OCILayoutSource(directory: directory)
        let image = try await source.resolve(platform: .linuxAMD64)
        #expect(image.manifestDigest == built.digest)
        #expect(image.config == built.config)
        #expect(try await readLayers(image, from: source)[0]["etc/marker"] == "base")
        // Named by tag; an unknown tag is a clear error.
        #expect(try await OCILayoutSource(directory: directory, tag: "v1").resolve(platform: .linuxAMD64).manifestDigest == built.digest)
        await #expect {
            try await OCILayoutSource(directory: directory, tag: "v2").resolve(platform: .linuxAMD64)
        } throws: { ($0 as? RegistryError)?.message.contains("no image tagged \"v2\"") == true }
    }

    @Test func reportsBrokenOCILayouts() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        await #expect {
            try await OCILayoutSource(directory: directory).resolve(platform: .linuxAMD64)
        } throws: { ($0 as? RegistryError)?.message.contains("no oci-layout file") == true }

        let built = try sampleImage()
        try built.writeOCILayout(to: directory)
        // A layer file that was cut short is caught while streaming.
        let layerFile = directory.appendingPathComponent("blobs/sha256/\(built.layers[1].descriptor.digest.encoded)")
        try Data(built.layers[1].blob.prefix(10)).write(to: layerFile)
        let source = OCILayoutSource(directory: directory)
        let image = try await source.resolve(platform: .linuxAMD64)
        await #expect {
            for try await _ in try await source.blob(image.manifest.layers[1]) {}
        } throws: { error in
            let error = error as? RegistryError
            return error?.code == .sizeMismatch && error?.message.contains("truncated: 10 of") == true
        }
    }

    @Test func readsDockerArchive() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let built = try sampleImage()
        let file = directory.appendingPathComponent("image.tar")
        try built.writeDockerArchive(to: file, repoTags: ["example/app:1"])
        let source = DockerArchiveSource(path: file.path)
        let image = try await source.resolve(platform: .linuxAMD64)
        #expect(image.config == built.config)
        #expect(image.imageID == built.manifest.config.digest)
        #expect(image.reference?.description == "docker.io/example/app:1")
        let layers = try await readLayers(image, from: source)
        #expect(layers[0]["etc/os-release"] == "ID=debian\nVERSION_ID=\"12\"\n")
        #expect(layers[1]["app/run.sh"] == "#!/bin/sh\necho hi\n")
    }

    @Test func reportsBrokenDockerArchives() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.tar")
        try Data("this is not a tar file at all".utf8).write(to: file)
        await #expect {
            try await DockerArchiveSource(path: file.path).resolve(platform: .linuxAMD64)
        } throws: { ($0 as? RegistryError)?.code == .invalidSource }
        await #expect {
            try await DockerArchiveSource(path: directory.appendingPathComponent("missing.tar").path).resolve(platform: .linuxAMD64)
        } throws: { ($0 as? RegistryError)?.message.contains("cannot open") == true }
    }
}
