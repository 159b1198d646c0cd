import Catalog
import Foundation
import Layers
import Testing

/// The update stream of a RHEL image, from the repositories its content manifests name. Repository names are
/// Red Hat's (as in its `repository-to-cpe.json` and the manifests of OpenShift's images).
@Suite struct RedHatContentManifestTests {
    @Test(arguments: [
        // ubi8-minimal 8.5-218's manifest (trivy's fixture): the main stream.
        (["rhel-8-for-x86_64-baseos-rpms", "rhel-8-for-x86_64-appstream-rpms"], "8.5", nil),
        (["rhel-8-for-x86_64-baseos-eus-rpms__8_DOT_2", "rhel-8-for-x86_64-appstream-eus-rpms__8_DOT_2"], "8.2", "8.2+eus"),
        // The pinned minor release wins over os-release's; unpinned, os-release's is taken.
        (["rhel-8-for-x86_64-baseos-eus-rpms__8_DOT_4"], "8.6", "8.4+eus"),
        (["rhel-8-for-x86_64-baseos-eus-rpms", "rhel-8-for-x86_64-appstream-eus-rpms"], "8.6", "8.6+eus"),
        (["rhel-9-for-aarch64-appstream-eus-source-rpms"], "9.2", "9.2+eus"),
        (["rhel-8-for-x86_64-baseos-aus-rpms__8_DOT_4"], "8.4", "8.4+aus"),
        (["rhel-8-for-x86_64-appstream-e4s-rpms__8_DOT_6"], "8.6", "8.6+e4s"),
        (["rhel-8-for-x86_64-baseos-tus-rpms__8_DOT_6"], "8.6", "8.6+tus"),
        // An OpenShift 4.9 image: RHEL's own EUS repositories name the stream; a layered product's EUS does not.
        (["fast-datapath-for-rhel-8-x86_64-rpms", "rhel-8-for-x86_64-baseos-eus-rpms__8_DOT_4", "rhel-8-for-x86_64-appstream-eus-rpms__8_DOT_4",
          "rhel-8-for-x86_64-nfv-tus-rpms__8_DOT_4", "rhocp-4.9-for-rhel-8-x86_64-rpms", "advanced-virt-for-rhel-8-x86_64-eus-rpms"], "8.4", "8.4+eus"),
        (["advanced-virt-for-rhel-8-x86_64-eus-rpms"], "8.4", nil),
        // Unpinned, and os-release gives no minor release of the repository's major one.
        (["rhel-9-for-x86_64-baseos-eus-rpms"], "8.6", nil),
        (["rhel-9-for-x86_64-baseos-eus-rpms"], "9", nil),
        ([], "8.6", nil),
    ] as [([String], String, String?)])
    func channel(contentSets: [String], version: String, expected: String?) {
        #expect(RedHatContentManifest.channel(contentSets: contentSets, version: version) == expected)
    }

    @Test func contentSetsOfAManifest() {
        let real = #"{"metadata": {"icm_version": 1, "image_layer_index": 1}, "content_sets": ["rhel-8-for-x86_64-baseos-rpms", "rhel-8-for-x86_64-appstream-rpms"], "image_contents": []}"#
        #expect(RedHatContentManifest.contentSets(Array(real.utf8)) == ["rhel-8-for-x86_64-baseos-rpms", "rhel-8-for-x86_64-appstream-rpms"])
        for broken in [#"{"content_sets": "rhel"}"#, #"{"content_sets": [1]}"#, "[]", "{", ""] {
            #expect(RedHatContentManifest.contentSets(Array(broken.utf8)) == nil, "\(broken)")
        }
    }

    static let rhel86 = OSFixtures.File("/etc/os-release", "NAME=\"Red Hat Enterprise Linux\"\nID=\"rhel\"\nID_LIKE=\"fedora\"\nVERSION_ID=\"8.6\"\n")

    static func manifest(_ name: String, _ sets: [String]) -> OSFixtures.File {
        OSFixtures.File("/root/buildinfo/content_manifests/\(name).json", #"{"content_sets": [\#(sets.map { "\"\($0)\"" }.joined(separator: ","))]}"#)
    }

    static func tree(_ files: [OSFixtures.File]) -> FileTree {
        OSFixtures.tree(files.sorted { $0.path < $1.path })
    }

    @Test func detectionReadsTheManifests() throws {
        let eus = Self.manifest("ubi8-8.6", ["rhel-8-for-x86_64-baseos-eus-rpms__8_DOT_6"])
        let detected = try #require(DistroDetection.detect(Self.tree([eus, Self.rhel86])))
        #expect(detected.channel == "8.6+eus")
        #expect(detected.namespace == "rhel:8")
        // A broken manifest is passed over; the others still count.
        let broken = OSFixtures.File("/root/buildinfo/content_manifests/a-broken.json", "{")
        #expect(DistroDetection.detect(Self.tree([broken, eus, Self.rhel86]))?.channel == "8.6+eus")
        // The main stream, and no manifest at all: no channel.
        let main = Self.manifest("ubi8-8.6", ["rhel-8-for-x86_64-baseos-rpms"])
        #expect(try #require(DistroDetection.detect(Self.tree([main, Self.rhel86]))).channel == nil)
        #expect(try #require(DistroDetection.detect(Self.tree([Self.rhel86]))).channel == nil)
        // Only RHEL images have Red Hat's streams.
        let rocky = OSFixtures.File("/etc/os-release", "ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"8.6\"\n")
        #expect(try #require(DistroDetection.detect(Self.tree([eus, rocky]))).channel == nil)
        #expect(DistroDetection.captures.contains { $0.glob.matches("/root/buildinfo/content_manifests/ubi8-8.6.json") })
    }
}
